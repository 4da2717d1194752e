import { and, eq, desc } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { datasets } from '../catalog/catalog.table.js';
import { versions, type ArtifactInfo, type VersionDiff } from './versions.table.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { createRowsTable, indexRowsTable, insertRows, quoteIdent, rowsTableName, tableExists, type Row } from '../records/rows-table.js';
import type { VersionTable } from './diff.js';
import { assertLockHeld, clearExpiredLocks, dropRowsTable, liveLockTables } from './publish-lock.js';

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
export function writeRowsTable(db: Db, datasetPk: number, n: number, schema: FieldSpec[], rows: Iterable<Row>): number {
  const sqlite = db.$client;
  const table = rowsTableName(datasetPk, n);
  return sqlite.transaction(() => {
    sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    createRowsTable(sqlite, table, schema);
    const count = insertRows(sqlite, table, schema, rows);
    indexRowsTable(sqlite, table, schema);
    return count;
  })();
}

/** The table of the latest published version before `n`, to diff a new version against (null: nothing to compare with). */
export function previousVersionTable(db: Db, datasetPk: number, n: number): VersionTable | null {
  const prev = latestPublished(db, datasetPk);
  if (!prev || prev.n >= n) return null;
  const table = rowsTableName(datasetPk, prev.n);
  // A previous version whose table is missing (marked unavailable) cannot be compared with.
  if (prev.unavailableReason || !tableExists(db.$client, table)) return null;
  return { table, schema: prev.schema };
}

/**
 * Step 2: one transaction makes the version (and its artifacts, already on disk) visible. A publish passes
 * its lock owner: the version is inserted only if that attempt still holds the dataset's publish lock.
 */
export function commitVersion(
  db: Db,
  datasetPk: number,
  input: VersionInput & { rowCount: number; diff: VersionDiff | null; artifacts: Record<string, ArtifactInfo> },
  lockOwner?: string,
): void {
  db.transaction((tx) => {
    if (lockOwner) assertLockHeld(db.$client, datasetPk, lockOwner);
    tx.insert(versions)
      .values({
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
      })
      .run();
    tx.update(datasets).set({ latestVersion: input.n, updatedAt: input.publishedAt, schema: input.schema }).where(eq(datasets.pk, datasetPk)).run();
  }, { behavior: 'immediate' });
}

export function latestPublished(db: Db, datasetPk: number) {
  return db.select().from(versions).where(and(eq(versions.datasetPk, datasetPk), eq(versions.status, 'published'))).orderBy(desc(versions.n)).limit(1).get();
}

export function getVersion(db: Db, datasetPk: number, n: number) {
  return db.select().from(versions).where(and(eq(versions.datasetPk, datasetPk), eq(versions.n, n))).get();
}

export function listVersions(db: Db, datasetPk: number) {
  return db.select().from(versions).where(eq(versions.datasetPk, datasetPk)).orderBy(desc(versions.n)).all();
}

/**
 * Rows tables without a committed version row are leftovers of an interrupted publish, unless a live
 * publish lock (of this or another process) names them. Expired locks are cleared first; all in one
 * IMMEDIATE transaction, so no writer can take a lock over between the look and the drop.
 */
export function dropOrphanTables(db: Db, now = Date.now()): string[] {
  const sqlite = db.$client;
  return sqlite
    .transaction(() => {
      clearExpiredLocks(sqlite, now);
      const busy = liveLockTables(sqlite, now);
      const orphans = orphanTables(db).filter((t) => !busy.has(t.replace(/_fts$/, '')));
      for (const t of orphans) dropRowsTable(sqlite, t.replace(/_fts$/, ''));
      return orphans;
    })
    .immediate();
}

/** Rows tables, and the full-text tables built beside them, that no version row names. */
export function orphanTables(db: Db): string[] {
  const sqlite = db.$client;
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'ds_[0-9]*_v[0-9]*'`).pluck().all() as string[];
  const live = new Set((sqlite.prepare('SELECT dataset_pk, n FROM versions').all() as { dataset_pk: number; n: number }[]).map((v) => rowsTableName(v.dataset_pk, v.n)));
  // FTS5 shadow tables (`…_fts_data` etc.) go with their virtual table; anything else is not ours to judge.
  return tables.filter((t) => /^ds_\d+_v\d+(_fts)?$/.test(t) && !live.has(t.replace(/_fts$/, '')));
}
