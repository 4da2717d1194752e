import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { setLatestVersion } from '../catalog/index.js';
import type { ArtifactInfo, VersionDiff } from './versions.table.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { rowsTableName, type Row } from './rows/rows-table.js';
import { dropRowsTable, tableExists, tablesLike, writeWholeRowsTable } from './rows/rows-table.sql.js';
import type { VersionTable } from './diff.js';
import { assertLockHeld, clearExpiredLocks, liveLockTables } from './publish-lock.js';
import { insertVersion, latestPublished, versionKeys } from './versions.store.js';

export { getVersion, latestPublished, listVersions } from './versions.store.js';

export type VersionInput = {
  n: number;
  schema: FieldSpec[];
  publishedAt: string;
  publishedBy?: string | null;
  changeNote: string;
};

/**
 * Step 1 of storing a version: its typed rows table. Invisible until `commitVersion`, because
 * nothing reads a rows table without a version row; a crash leaves a table that `dropOrphanTables` removes.
 */
export async function writeRowsTable(db: Db, datasetPk: number, n: number, schema: FieldSpec[], rows: Iterable<Row>): Promise<number> {
  return await writeWholeRowsTable(db, rowsTableName(datasetPk, n), schema, rows);
}

/** The table of the latest published version before `n`, to diff a new version against (null: nothing to compare with). */
export async function previousVersionTable(db: Db, datasetPk: number, n: number): Promise<VersionTable | null> {
  const prev = await latestPublished(db, datasetPk);
  if (!prev || prev.n >= n) return null;
  const table = rowsTableName(datasetPk, prev.n);
  // A previous version whose table is missing (marked unavailable) cannot be compared with.
  if (prev.unavailableReason || !await tableExists(db, table)) return null;
  return { table, schema: prev.schema };
}

/**
 * Step 2: one transaction makes the version (and its artifacts, already on disk) visible. A publish passes
 * its lock owner: the version is inserted only if that attempt still holds the dataset's publish lock.
 */
export async function commitVersion(
  db: Db,
  datasetPk: number,
  input: VersionInput & { rowCount: number; diff: VersionDiff | null; artifacts: Record<string, ArtifactInfo> },
  lockOwner?: string,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (lockOwner) await assertLockHeld(tx, datasetPk, lockOwner);
    await insertVersion(tx, {
      datasetPk,
      n: input.n,
      status: 'published',
      publishedAt: input.publishedAt,
      publishedBy: input.publishedBy ?? null,
      rowCount: input.rowCount,
      schema: input.schema,
      changeNote: input.changeNote,
      diff: input.diff,
      artifacts: input.artifacts,
    });
    await setLatestVersion(tx, datasetPk, { n: input.n, updatedAt: input.publishedAt, schema: input.schema });
  }, { immediate: true });
}

/**
 * Rows tables without a committed version row are leftovers of an interrupted publish, unless a live
 * publish lock (of this or another process) names them. Expired locks are cleared first; all in one
 * IMMEDIATE transaction, so no writer can take a lock over between the look and the drop.
 */
export async function dropOrphanTables(db: Db, now = Date.now()): Promise<string[]> {
  return inTransaction(db, async (tx) => {
    await clearExpiredLocks(tx, now);
    const busy = await liveLockTables(tx, now);
    const orphans = (await orphanTables(tx)).filter((t) => !busy.has(t.replace(/_fts$/, '')));
    for (const t of orphans) await dropRowsTable(tx, t.replace(/_fts$/, ''));
    return orphans;
  }, { immediate: true });
}

/** Rows tables, and the full-text tables built beside them, that no version row names. */
export async function orphanTables(db: Db): Promise<string[]> {
  const tables = await tablesLike(db, 'ds_[0-9]*_v[0-9]*');
  const live = new Set((await versionKeys(db)).map((v) => rowsTableName(v.datasetPk, v.n)));
  // FTS5 shadow tables (`…_fts_data` etc.) go with their virtual table; anything else is not ours to judge.
  return tables.filter((t) => /^ds_\d+_v\d+(_fts)?$/.test(t) && !live.has(t.replace(/_fts$/, '')));
}
