import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type { TransactionSql } from 'postgres';
import { execute, isPg, rowsOf, type AnyDb, type PgDb } from '../../db/engine.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { quoteIdent, rowDecoder, toSqlValue, type Row } from './rows-table.js';
import { copyText, createRowsTableSql, globToRegex, pgIndexStatements } from './rows-table.pg.js';

// The per-version rows tables on PostgreSQL: the twins of rows-table.sql.ts's functions, all async. Statements that
// may run inside a unit of work go through drizzle on `db` (a transaction's own connection there); filling a table
// streams COPY FROM STDIN through postgres.js on a connection of the pool.

const raw = (text: string) => sql.raw(text);

export const tableExistsPg = async (db: PgDb, name: string): Promise<boolean> =>
  (await rowsOf(db, sql`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ${name}`)).length > 0;

/** Tables whose name matches a GLOB pattern (`ds_*`), in byte order. */
export const tablesLikePg = async (db: PgDb, glob: string): Promise<string[]> =>
  (await rowsOf<{ name: string }>(db, sql`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ ${globToRegex(glob)} ORDER BY tablename::text COLLATE "C"`)).map((r) => r.name);

export async function createRowsTablePg(db: PgDb, table: string, schema: FieldSpec[]): Promise<void> {
  await execute(db, raw(createRowsTableSql(table, schema)));
}

export async function indexRowsTablePg(db: PgDb, table: string, schema: FieldSpec[]): Promise<void> {
  for (const statement of pgIndexStatements(table, schema)) await execute(db, raw(statement));
}

/** The index statements one at a time (each its own transaction); `stop` is asked before each and throws to end. */
export async function indexRowsTableStepwisePg(db: PgDb, table: string, schema: FieldSpec[], stop: () => void): Promise<void> {
  for (const statement of pgIndexStatements(table, schema)) {
    stop();
    await execute(db, raw(statement));
  }
}

/**
 * Streams value arrays (`[_rowid, ...values in schema order]`, booleans as 0/1 or true/false) into `table` with
 * COPY FROM STDIN on `client` (the pool, or a postgres.js transaction): one statement for any number of rows, no
 * parameter limit, no statement parsed per row. Returns the rows written.
 */
export async function copyRows(client: Pick<TransactionSql, 'unsafe'>, table: string, schema: FieldSpec[], rows: Iterable<unknown[]> | AsyncIterable<unknown[]>): Promise<number> {
  const columns = ['_rowid', ...schema.map((f) => quoteIdent(f.name))].join(', ');
  const writable = await client.unsafe(`COPY ${quoteIdent(table)} (${columns}) FROM STDIN`).writable();
  let count = 0;
  async function* lines() {
    let chunk = '';
    for await (const values of rows) {
      chunk += `${values.map(copyText).join('\t')}\n`;
      count++;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), writable);
  return count;
}

/** Row objects in primary-key order as COPY's value arrays, `_rowid` numbering them from 1. */
function* numbered(schema: FieldSpec[], rows: Iterable<Row>): Generator<unknown[]> {
  const names = schema.map((f) => f.name);
  let n = 0;
  for (const row of rows) yield [++n, ...names.map((name) => toSqlValue(row[name]))];
}

/**
 * A whole rows table written in one transaction of its own (the seed, tests): replaced if it exists, then
 * indexed. Rows must be sorted by primary key.
 */
export async function writeWholeRowsTablePg(db: PgDb, table: string, schema: FieldSpec[], rows: Iterable<Row>): Promise<number> {
  return (await db.$client.begin(async (tx) => {
    await tx.unsafe(`DROP TABLE IF EXISTS ${quoteIdent(`${table}_fts`)}, ${quoteIdent(table)}`);
    await tx.unsafe(createRowsTableSql(table, schema));
    const count = await copyRows(tx, table, schema, numbered(schema, rows));
    for (const statement of pgIndexStatements(table, schema)) await tx.unsafe(statement);
    return count;
  })) as number;
}

/** Every row of a table in `_rowid` order, as decoded row objects, read a keyset page at a time. */
export async function* iterateRowsPg(db: PgDb, table: string, schema: FieldSpec[], pageRows = 1000): AsyncGenerator<Row> {
  const decode = rowDecoder(schema);
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await rowsOf<Record<string, unknown>>(db, sql`SELECT _rowid, ${raw(cols)} FROM ${raw(quoteIdent(table))} WHERE _rowid > ${after} ORDER BY _rowid LIMIT ${pageRows}`);
    for (const r of page) yield decode(r);
    if (page.length < pageRows) return;
    after = page.at(-1)!._rowid as number;
  }
}

export const countRowsPg = async (db: PgDb, table: string): Promise<number> =>
  (await rowsOf<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM ${raw(quoteIdent(table))}`))[0]!.n;

export const approxRowCountPg = async (db: PgDb, table: string): Promise<number> =>
  (await rowsOf<{ n: number | null }>(db, sql`SELECT MAX(_rowid) AS n FROM ${raw(quoteIdent(table))}`))[0]!.n ?? 0;

export async function dropTablePg(db: PgDb, table: string): Promise<void> {
  await execute(db, raw(`DROP TABLE IF EXISTS ${quoteIdent(table)}`));
}

/** A rows table and the full-text table built beside it. */
export async function dropRowsTablePg(db: PgDb, table: string): Promise<void> {
  await execute(db, raw(`DROP TABLE IF EXISTS ${quoteIdent(`${table}_fts`)}, ${quoteIdent(table)}`));
}

/** Puts a rebuilt side table in place of a version's rows table and indexes it, in one transaction. */
export async function replaceRowsTablePg(db: PgDb, table: string, side: string, schema: FieldSpec[]): Promise<void> {
  await db.$client.begin(async (tx) => {
    await tx.unsafe(`DROP TABLE IF EXISTS ${quoteIdent(`${table}_fts`)}, ${quoteIdent(table)}`);
    await tx.unsafe(`ALTER TABLE ${quoteIdent(side)} RENAME TO ${quoteIdent(table)}`);
    for (const statement of pgIndexStatements(table, schema)) await tx.unsafe(statement);
  });
}

/** Whether a rows table holds a row with this value in its key column (the key's unique index answers it). */
export const findRowByKeyPg = async (db: PgDb, table: string, keyColumn: string, value: unknown): Promise<boolean> =>
  (await rowsOf(db, sql`SELECT 1 FROM ${raw(quoteIdent(table))} WHERE ${raw(quoteIdent(keyColumn))} = ${value} LIMIT 1`)).length > 0;

/** The PostgreSQL connection behind a rows-table connection (a PgDb handed over as the app's `Db`), or null on SQLite. */
export const pgOf = (c: object): PgDb | null => (isPg(c as AnyDb) ? (c as PgDb) : null);
