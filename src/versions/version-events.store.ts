import { desc, inArray, sql } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import type { VersionDiff } from './versions.table.js';
import { versionsTables } from './versions.tables.js';

/** A version as the feeds and the sitemap tell it: when it was published, and withdrawn if it was. */
export type VersionEvent = {
  datasetPk: number;
  n: number;
  status: 'published' | 'withdrawn';
  publishedAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  changeNote: string;
  rowCount: number;
  diff: VersionDiff | null;
};

/**
 * Versions, most recently changed first (a withdrawal is the version's latest change), of every dataset or of the
 * given dataset keys; `limit` omitted: all of them. Timestamps are ISO 8601 UTC text, so text order is time order.
 */
export async function selectVersionEvents(db: AnyDb, options: { datasetPks?: readonly number[]; limit?: number } = {}): Promise<VersionEvent[]> {
  const { versions } = versionsTables(db);
  if (options.datasetPks && options.datasetPks.length === 0) return [];
  const changedAt = sql`COALESCE(${versions.withdrawnAt}, ${versions.publishedAt})`;
  const query = builder(db)
    .select({
      datasetPk: versions.datasetPk, n: versions.n, status: versions.status, publishedAt: versions.publishedAt,
      withdrawnAt: versions.withdrawnAt, withdrawnReason: versions.withdrawnReason, changeNote: versions.changeNote,
      rowCount: versions.rowCount, diff: versions.diff,
    })
    .from(versions)
    .where(options.datasetPks ? inArray(versions.datasetPk, [...options.datasetPks]) : undefined)
    .orderBy(desc(changedAt), desc(versions.datasetPk), desc(versions.n))
    .$dynamic();
  return await (options.limit === undefined ? query : query.limit(options.limit));
}
