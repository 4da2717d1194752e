import { and, eq, sql } from 'drizzle-orm';
import { builder, rowsOf, tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './quality.table.js';
import * as pg from './quality.pg-table.js';
import type { QualityProfile } from './quality.js';

const qualityTable = (db: AnyDb) => tablesOf(db, sqlite.versionQuality, pg.versionQuality);

/** Stores (or replaces) a version's profile. */
export async function storeQuality(db: AnyDb, datasetPk: number, n: number, profile: QualityProfile): Promise<void> {
  const t = qualityTable(db);
  const values = { datasetPk, n, profile: JSON.stringify(profile), computedAt: profile.computedAt };
  await builder(db).insert(t).values(values).onConflictDoUpdate({ target: [t.datasetPk, t.n], set: { profile: values.profile, computedAt: values.computedAt } });
}

/** The stored profile of version `n` of a dataset, or null when none was computed (yet). Never computes one. */
export async function versionQuality(db: AnyDb, datasetPk: number, n: number): Promise<QualityProfile | null> {
  const t = qualityTable(db);
  const [row] = await builder(db).select({ profile: t.profile }).from(t).where(and(eq(t.datasetPk, datasetPk), eq(t.n, n))).limit(1);
  return row ? (JSON.parse(row.profile) as QualityProfile) : null;
}

/** Versions (published or withdrawn, with their rows table) that have no profile yet, oldest first: the repair's work list. */
export async function versionsWithoutQuality(db: AnyDb, limit = 1000): Promise<{ datasetPk: number; n: number }[]> {
  return await rowsOf<{ datasetPk: number; n: number }>(
    db,
    sql`SELECT v.dataset_pk AS "datasetPk", v.n AS n FROM versions v
        WHERE v.unavailable_reason IS NULL AND NOT EXISTS (SELECT 1 FROM version_quality q WHERE q.dataset_pk = v.dataset_pk AND q.n = v.n) ORDER BY v.dataset_pk, v.n LIMIT ${limit}`,
  );
}
