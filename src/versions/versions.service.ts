import { and, eq, desc } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { datasets } from '../catalog/catalog.table.js';
import { versions, type ArtifactInfo, type VersionDiff } from './versions.table.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { createRowsTable, indexRowsTable, insertRows, iterateRows, quoteIdent, rowsTableName, type Row } from '../records/rows-table.js';
import { diffRows } from './diff.js';

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

export function diffAgainstPrevious(db: Db, datasetPk: number, n: number, schema: FieldSpec[]): VersionDiff | null {
  const prev = latestPublished(db, datasetPk);
  if (!prev || prev.n >= n) return null;
  const sqlite = db.$client;
  return diffRows(iterateRows(sqlite, rowsTableName(datasetPk, prev.n), prev.schema), iterateRows(sqlite, rowsTableName(datasetPk, n), schema), schema);
}

/** Step 2: one transaction makes the version (and its artifacts, already on disk) visible. */
export function commitVersion(db: Db, datasetPk: number, input: VersionInput & { rowCount: number; diff: VersionDiff | null; artifacts: Record<string, ArtifactInfo> }): void {
  db.transaction((tx) => {
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
  });
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

/** Rows tables without a committed version row are leftovers of an interrupted publish. */
export function dropOrphanTables(db: Db): string[] {
  const sqlite = db.$client;
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'ds_[0-9]*_v[0-9]*' AND name NOT GLOB '*_fts*'`).pluck().all() as string[];
  const live = new Set((sqlite.prepare('SELECT dataset_pk, n FROM versions').all() as { dataset_pk: number; n: number }[]).map((v) => rowsTableName(v.dataset_pk, v.n)));
  const orphans = tables.filter((t) => !live.has(t));
  for (const t of orphans) sqlite.exec(`DROP TABLE ${quoteIdent(t)}`);
  return orphans;
}
