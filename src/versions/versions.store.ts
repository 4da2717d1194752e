import { and, desc, eq, isNull, max } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { versions, type ArtifactInfo } from './versions.table.js';

// The versions table, through drizzle's query builder (the rows tables live in rows/, the publish locks in publish-locks.store.ts).

export type NewVersionRow = typeof versions.$inferInsert;

export async function insertVersion(db: Db, row: NewVersionRow): Promise<void> {
  db.insert(versions).values(row).run();
}

const key = (datasetPk: number, n: number) => and(eq(versions.datasetPk, datasetPk), eq(versions.n, n));

export async function getVersion(db: Db, datasetPk: number, n: number) {
  return db.select().from(versions).where(key(datasetPk, n)).get();
}

export async function latestPublished(db: Db, datasetPk: number) {
  return db.select().from(versions).where(and(eq(versions.datasetPk, datasetPk), eq(versions.status, 'published'))).orderBy(desc(versions.n)).limit(1).get();
}

export async function listVersions(db: Db, datasetPk: number) {
  return db.select().from(versions).where(eq(versions.datasetPk, datasetPk)).orderBy(desc(versions.n)).all();
}

export const versionExists = async (db: Db, datasetPk: number, n: number): Promise<boolean> =>
  db.select({ n: versions.n }).from(versions).where(key(datasetPk, n)).get() !== undefined;

/** The highest version number of a dataset, published or withdrawn (0 before the first). */
export const highestVersionN = async (db: Db, datasetPk: number): Promise<number> =>
  db.select({ n: max(versions.n) }).from(versions).where(eq(versions.datasetPk, datasetPk)).get()?.n ?? 0;

/** Every version's key, of every dataset. */
export const versionKeys = async (db: Db): Promise<{ datasetPk: number; n: number }[]> =>
  db.select({ datasetPk: versions.datasetPk, n: versions.n }).from(versions).all();

/** What the consistency check compares with the rows tables and the artifact store, for every version. */
export const versionRecords = async (db: Db) =>
  db.select({
    datasetPk: versions.datasetPk, n: versions.n, rowCount: versions.rowCount, schema: versions.schema,
    artifacts: versions.artifacts, unavailableReason: versions.unavailableReason,
  }).from(versions).all();

/** Published versions whose rows table is there (the ones files can be built from). */
export const availablePublishedVersions = async (db: Db): Promise<{ datasetPk: number; n: number; artifacts: Record<string, ArtifactInfo> }[]> =>
  db.select({ datasetPk: versions.datasetPk, n: versions.n, artifacts: versions.artifacts }).from(versions)
    .where(and(eq(versions.status, 'published'), isNull(versions.unavailableReason))).all();

export async function setUnavailableReason(db: Db, datasetPk: number, n: number, reason: string | null): Promise<void> {
  db.update(versions).set({ unavailableReason: reason }).where(key(datasetPk, n)).run();
}

export async function markWithdrawn(db: Db, datasetPk: number, n: number, at: string, reason: string): Promise<void> {
  db.update(versions).set({ status: 'withdrawn', withdrawnAt: at, withdrawnReason: reason }).where(key(datasetPk, n)).run();
}

/**
 * Merges freshly built artifacts into the version row (if it is committed yet), in one IMMEDIATE transaction
 * (read-then-write: a deferred one would fail at once, SQLITE_BUSY, if another process wrote meanwhile).
 * `order` puts the merged record in a fixed key order. Returns the record as stored (or `built` when there is no row).
 */
export async function mergeArtifacts<R extends Record<string, ArtifactInfo | undefined>>(db: Db, datasetPk: number, n: number, built: R, order: (merged: R) => R): Promise<R> {
  return db.transaction((tx) => {
    const row = tx.select({ artifacts: versions.artifacts }).from(versions).where(key(datasetPk, n)).get();
    if (!row) return built;
    const merged = order({ ...row.artifacts, ...built });
    tx.update(versions).set({ artifacts: merged as Record<string, ArtifactInfo> }).where(key(datasetPk, n)).run();
    return merged;
  }, { behavior: 'immediate' });
}
