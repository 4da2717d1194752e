import { and, asc, eq, inArray } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import type { ArtifactInfo } from './versions.table.js';
import { versionsTables } from './versions.tables.js';

export type PublishedVersion = { datasetPk: number; n: number; publishedAt: string; changeNote: string; rowCount: number; artifacts: Record<string, ArtifactInfo> };

/** The published versions of the given datasets, oldest first per dataset (one query for a catalog page). */
export async function publishedVersionsOf(db: AnyDb, datasetPks: readonly number[]): Promise<PublishedVersion[]> {
  if (datasetPks.length === 0) return [];
  const { versions: v } = versionsTables(db);
  return await builder(db)
    .select({ datasetPk: v.datasetPk, n: v.n, publishedAt: v.publishedAt, changeNote: v.changeNote, rowCount: v.rowCount, artifacts: v.artifacts })
    .from(v)
    .where(and(inArray(v.datasetPk, [...datasetPks]), eq(v.status, 'published')))
    .orderBy(asc(v.datasetPk), asc(v.n));
}
