import type { AnyDb, PgDb } from '../src/db/engine.js';
import type { SqliteDb } from '../src/db/client.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import type { RecordsTarget } from '../src/records/records.target.js';
import { diffRows } from '../src/versions/diff.js';
import { diffTables } from '../src/versions/rows/diff-tables.sql.js';
import { diffTablesPg } from '../src/versions/rows/diff-tables.pg.sql.js';
import { readValueBatches } from '../src/versions/rows/row-batches.sql.js';
import { readValueBatchesPg } from '../src/versions/rows/row-batches.pg.sql.js';
import { indexesByColumn } from '../src/versions/rows/rows-reads.sql.js';
import { indexesByColumnPg } from '../src/versions/rows/rows-reads.pg.sql.js';
import type { Row, RowValue } from '../src/versions/rows/rows-table.js';
import { approxRowCount, createRowsTable, dropRowsTable, iterateRows, replaceRowsTable, tableExists, tablesLike, writeWholeRowsTable } from '../src/versions/rows/rows-table.sql.js';
import { createRowsTablePg, copyRows, indexRowsTablePg, iterateRowsPg } from '../src/versions/rows/rows-table.pg.sql.js';
import { indexRowsTable } from '../src/versions/rows/rows-table.sql.js';
import { duplicateKeys, rebuildInKeyOrder, startRowsTable } from '../src/versions/rows/rows-writer.sql.js';
import { duplicateKeysPg, rebuildInKeyOrderPg, startRowsTablePg } from '../src/versions/rows/rows-writer.pg.sql.js';
import type { EngineName } from './support/engines.js';

// The rows-table functions of tests/records-sql-engines.test.ts: SQLite's synchronous ones (run by its version
// worker) or their PostgreSQL twins, called alike so one suite can compare their answers.

const field = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh: name, type, required: false, primary_key: false, ...extra });
const pg = (db: AnyDb) => db as PgDb;
const lite = (db: AnyDb) => db as SqliteDb;

/** Two versions across a schema change: a number column becomes integer, a text one integer, one is added. */
export async function diffOn(db: AnyDb, engine: EngineName) {
  const before = [field('id', 'integer', { primary_key: true }), field('label', 'string'), field('score', 'number'), field('flag', 'boolean'), field('code', 'string')];
  const after = [field('id', 'integer', { primary_key: true }), field('label', 'string'), field('score', 'integer'), field('flag', 'boolean'), field('code', 'integer'), field('extra', 'string')];
  const old: Row[] = [1, 2, 3, 4, 5, 6].map((id) => ({ id, label: `标签${id}`, score: id, flag: id % 2 === 0, code: null }));
  const next: Row[] = [2, 3, 4, 5, 6, 7, 8].map((id) => ({ id, label: id === 3 ? '改了' : `标签${id}`, score: id, flag: id === 5 ? null : id % 2 === 0, code: null, extra: id === 4 ? 'new' : null }));
  const [a, b] = [{ table: 'ds_9_v2', schema: before }, { table: 'ds_9_v3', schema: after }];
  await writeWholeRowsTable(lite(db), a.table, before, old);
  await writeWholeRowsTable(lite(db), b.table, after, next);
  const tables = engine === 'sqlite' ? diffTables(lite(db), a, b) : await diffTablesPg(pg(db), a, b);
  return { tables, memory: diffRows(old, next, after) };
}

async function readAll(db: AnyDb, engine: EngineName, table: string, schema: FieldSpec[]): Promise<Row[]> {
  const out: Row[] = [];
  if (engine === 'sqlite') out.push(...iterateRows(lite(db), table, schema));
  else for await (const r of iterateRowsPg(pg(db), table, schema)) out.push(r);
  return out;
}

/** An upload's path (batches with file line numbers, out of key order, a duplicate found), batch reads, indexes, replace, drop. */
export async function engineRows(db: AnyDb, engine: EngineName, target: RecordsTarget, schema: FieldSpec[], rows: Row[]) {
  const values = (r: Row): unknown[] => schema.map((f) => (typeof r[f.name] === 'boolean' ? (r[f.name] ? 1 : 0) : r[f.name]));
  const upload = 'ds_9_v4';
  const shuffled = [...rows].reverse().map((r, i) => [i + 2, ...values(r)]);
  const duplicated = [...shuffled, [shuffled.length + 2, ...values(rows[5]!)], [shuffled.length + 3, ...values(rows[1]!)]];
  let duplicates: { k: unknown; lines: string }[];
  if (engine === 'sqlite') {
    startRowsTable(lite(db), upload, schema).insertBatch(duplicated);
    duplicates = duplicateKeys(lite(db), upload, 'id', 10);
    startRowsTable(lite(db), upload, schema).insertBatch(shuffled);
    rebuildInKeyOrder(lite(db), upload, schema);
    indexRowsTable(lite(db), upload, schema);
  } else {
    const writer = await startRowsTablePg(pg(db), upload, schema);
    await writer.insertBatch(duplicated.slice(0, 100));
    await writer.insertBatch(duplicated.slice(100));
    duplicates = await duplicateKeysPg(pg(db), upload, 'id', 10);
    await (await startRowsTablePg(pg(db), upload, schema)).insertBatch(shuffled);
    await rebuildInKeyOrderPg(pg(db), upload, schema);
    await indexRowsTablePg(pg(db), upload, schema);
  }
  const uploaded = await readAll(db, engine, upload, schema);

  const batches: RowValue[][] = [];
  if (engine === 'sqlite') for (const batch of readValueBatches(lite(db), target.table, schema, 100)) batches.push(...batch);
  else for await (const batch of readValueBatchesPg(pg(db), target.table, schema, 100)) batches.push(...batch);

  const indexes = engine === 'sqlite' ? indexesByColumn(lite(db), target.table) : await indexesByColumnPg(pg(db), target.table);

  // A side table put in place of a version's table (repair), indexed again under the version's names.
  const side = 'ds_9_v5_side';
  if (engine === 'sqlite') createRowsTable(lite(db), side, schema);
  else await createRowsTablePg(pg(db), side, schema);
  if (engine === 'sqlite') startRowsTable(lite(db), side, schema).insertBatch(rows.slice(0, 3).map((r, i) => [i + 1, ...values(r)]));
  else await copyRows(pg(db).$client, side, schema, rows.slice(0, 3).map((r, i) => [i + 1, ...values(r)]));
  await writeWholeRowsTable(lite(db), 'ds_9_v5', schema, rows.slice(3, 4));
  await replaceRowsTable(lite(db), 'ds_9_v5', side, schema);
  const replaced = await readAll(db, engine, 'ds_9_v5', schema);
  const replacedIndexes = engine === 'sqlite' ? indexesByColumn(lite(db), 'ds_9_v5') : await indexesByColumnPg(pg(db), 'ds_9_v5');

  // FTS tables left aside: SQLite's FTS5 keeps shadow tables beside each one.
  const listed = (await tablesLike(lite(db), 'ds_[0-9]*_v[0-9]*')).filter((t) => !t.includes('_fts')).sort();
  await dropRowsTable(lite(db), 'ds_9_v5');
  return {
    duplicates,
    uploadedInKeyOrder: uploaded.map((r) => r.id),
    uploadedEqual: JSON.stringify(uploaded) === JSON.stringify(rows),
    batchesEqual: JSON.stringify(batches) === JSON.stringify(rows.map((r) => schema.map((f) => r[f.name]))),
    approx: await approxRowCount(lite(db), target.table),
    indexes: [...indexes.entries()].sort(),
    replaced,
    replacedIndexes: [...replacedIndexes.entries()].sort(),
    listed,
    droppedGone: !(await tableExists(lite(db), 'ds_9_v5')),
  };
}
