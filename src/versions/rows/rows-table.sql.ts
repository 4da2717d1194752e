import type Database from 'better-sqlite3';
import type { Db, SqliteDb } from '../../db/client.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { indexStatements, quoteIdent, rowDecoder, sqlType, toSqlValue, type Row } from './rows-table.js';
import * as pg from './rows-table.pg.sql.js';

// The per-version rows tables (`ds_<datasetPk>_v<n>`): their names come from a validated schema, so drizzle
// cannot declare them; this is the one place that creates, fills, reads, renames and drops them. Every function
// takes the app's connection or a worker's own. What services call returns a Promise, like every store function;
// what a worker runs inside its own synchronous transactions (create, fill, index, read in batches) stays synchronous:
// that is the SQLite engine of the rows tables, which another engine replaces whole (with its version worker).
// The async functions answer on PostgreSQL too (a PgDb passed as `Db`): rows-table.pg.sql.ts, whose twins of the
// synchronous ones (and of rows-writer, row-batches, rows-reads, diff-tables: *.pg.sql.ts) a PostgreSQL worker calls.

export type Connection = Db | Database.Database;

/** The better-sqlite3 handle under either kind of connection (for the versions' store files only). */
export const sqliteOf = (c: Connection): Database.Database => ('$client' in c ? (c as SqliteDb).$client : c);

export const tableExists = async (c: Connection, name: string): Promise<boolean> =>
  pg.pgOf(c) ? await pg.tableExistsPg(pg.pgOf(c)!, name) : Boolean(sqliteOf(c).prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));

/** Tables whose name matches a GLOB pattern (`ds_*`: rows tables and what is built beside them). */
export const tablesLike = async (c: Connection, glob: string): Promise<string[]> =>
  pg.pgOf(c) ? await pg.tablesLikePg(pg.pgOf(c)!, glob) : sqliteOf(c).prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?").pluck().all(glob) as string[];

/** `_rowid` follows primary-key order, so the default keyset page walks the rowid b-tree. */
export function createRowsTable(c: Connection, table: string, schema: FieldSpec[]): void {
  const cols = schema.map((f) => `${quoteIdent(f.name)} ${sqlType[f.type]}`).join(', ');
  sqliteOf(c).exec(`CREATE TABLE ${quoteIdent(table)} (_rowid INTEGER PRIMARY KEY, ${cols})`);
}

export function indexRowsTable(c: Connection, table: string, schema: FieldSpec[]): void {
  for (const sql of indexStatements(table, schema)) sqliteOf(c).exec(sql);
}

/** Rows must already be sorted by primary key. */
export function insertRows(c: Connection, table: string, schema: FieldSpec[], rows: Iterable<Row>): number {
  const names = schema.map((f) => f.name);
  const stmt = sqliteOf(c).prepare(
    `INSERT INTO ${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  let count = 0;
  const values: (string | number | null)[] = new Array(names.length);
  for (const row of rows) {
    for (let i = 0; i < names.length; i++) values[i] = toSqlValue(row[names[i]!]);
    stmt.run(values);
    count++;
  }
  return count;
}

/** A whole rows table written in one transaction (the seed, tests): replaced if it exists, then indexed. */
export async function writeWholeRowsTable(c: Connection, table: string, schema: FieldSpec[], rows: Iterable<Row>): Promise<number> {
  if (pg.pgOf(c)) return await pg.writeWholeRowsTablePg(pg.pgOf(c)!, table, schema, rows);
  const sqlite = sqliteOf(c);
  return sqlite.transaction(() => {
    dropTable(sqlite, table);
    createRowsTable(sqlite, table, schema);
    const count = insertRows(sqlite, table, schema, rows);
    indexRowsTable(sqlite, table, schema);
    return count;
  })();
}

export function* iterateRows(c: Connection, table: string, schema: FieldSpec[]): Generator<Row> {
  const decode = rowDecoder(schema);
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  for (const raw of sqliteOf(c).prepare(`SELECT ${cols} FROM ${quoteIdent(table)} ORDER BY _rowid`).iterate()) {
    yield decode(raw as Record<string, unknown>);
  }
}

export const countRows = async (c: Connection, table: string): Promise<number> =>
  pg.pgOf(c) ? await pg.countRowsPg(pg.pgOf(c)!, table) : sqliteOf(c).prepare(`SELECT COUNT(*) FROM ${quoteIdent(table)}`).pluck().get() as number;

/** `MAX(_rowid)` reads one page: rows are numbered in key order, so it is the row count near enough. */
export const approxRowCount = async (c: Connection, table: string): Promise<number> =>
  pg.pgOf(c) ? await pg.approxRowCountPg(pg.pgOf(c)!, table) : (sqliteOf(c).prepare(`SELECT MAX(_rowid) FROM ${quoteIdent(table)}`).pluck().get() as number | null) ?? 0;

export function dropTable(c: Connection, table: string): void {
  sqliteOf(c).exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
}

/** A rows table and the full-text table built beside it. */
export async function dropRowsTable(c: Connection, table: string): Promise<void> {
  if (pg.pgOf(c)) return await pg.dropRowsTablePg(pg.pgOf(c)!, table);
  dropTablePair(sqliteOf(c), table);
}

function dropTablePair(sqlite: Database.Database, table: string): void {
  dropTable(sqlite, `${table}_fts`);
  dropTable(sqlite, table);
}

/** Puts a rebuilt side table in place of a version's rows table and indexes it, in one IMMEDIATE transaction. */
export async function replaceRowsTable(c: Connection, table: string, side: string, schema: FieldSpec[]): Promise<void> {
  if (pg.pgOf(c)) return await pg.replaceRowsTablePg(pg.pgOf(c)!, table, side, schema);
  const sqlite = sqliteOf(c);
  sqlite.transaction(() => {
    dropTablePair(sqlite, table);
    sqlite.exec(`ALTER TABLE ${quoteIdent(side)} RENAME TO ${quoteIdent(table)}`);
    indexRowsTable(sqlite, table, schema);
  }).immediate();
}

/**
 * The index statements of a rows table, one committed at a time (a writer elsewhere waits for one index at
 * most, never for all); `stop` is asked before each and ends the loop by throwing.
 */
export function indexRowsTableStepwise(c: Connection, table: string, schema: FieldSpec[], stop: () => void): void {
  const sqlite = sqliteOf(c);
  sqlite.pragma('threads = 1'); // the sorter may use a helper thread for indexes
  for (const sql of indexStatements(table, schema)) {
    stop();
    sqlite.exec(sql);
  }
}

/** Whether a rows table holds a row with this value in its key column (the key's unique index answers it). */
export const findRowByKey = async (c: Connection, table: string, keyColumn: string, value: unknown): Promise<boolean> =>
  pg.pgOf(c) ? await pg.findRowByKeyPg(pg.pgOf(c)!, table, keyColumn, value) : Boolean(sqliteOf(c).prepare(`SELECT 1 FROM ${quoteIdent(table)} WHERE ${quoteIdent(keyColumn)} = ?`).get(value));
