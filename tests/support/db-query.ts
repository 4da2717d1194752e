import { sql, type SQL } from 'drizzle-orm';
import type { TransactionSql } from 'postgres';
import type { AnyDb } from '../../src/db/engine.js';
import { execute, isPg, rowsOf } from '../../src/db/engine.js';
import type { FieldSpec } from '../../src/lib/field-spec.js';
import type { Row } from '../../src/versions/rows/rows-table.js';
import { iterateRowsPg } from '../../src/versions/rows/rows-table.pg.sql.js';
import { iterateRows } from '../../src/versions/rows/rows-table.sql.js';

// Raw SQL for tests, on either engine: the text of a statement with `?` for each parameter (as better-sqlite3
// takes it), run through the engine-neutral rowsOf/execute of src/db/engine.ts. Only for statements both engines
// read alike (no sqlite_master, no GLOB, no PRAGMA); a `?` inside a quoted literal is not supported.

export function statement(text: string, params: unknown[]): SQL {
  const parts = text.split('?');
  if (parts.length - 1 !== params.length) throw new Error(`${parts.length - 1} placeholders for ${params.length} parameters: ${text}`);
  const chunks: SQL[] = [sql.raw(parts[0]!)];
  params.forEach((p, i) => chunks.push(sql`${p}`, sql.raw(parts[i + 1]!)));
  return sql.join(chunks);
}

export const queryRows = async <T = Record<string, unknown>>(db: AnyDb, text: string, ...params: unknown[]): Promise<T[]> => await rowsOf<T>(db, statement(text, params));

export const queryRow = async <T = Record<string, unknown>>(db: AnyDb, text: string, ...params: unknown[]): Promise<T | undefined> => (await queryRows<T>(db, text, ...params))[0];

/** The first column of every row (better-sqlite3's `.pluck().all()`). */
export const queryValues = async <T = unknown>(db: AnyDb, text: string, ...params: unknown[]): Promise<T[]> =>
  (await queryRows<Record<string, unknown>>(db, text, ...params)).map((r) => Object.values(r)[0] as T);

/** The first column of the first row (better-sqlite3's `.pluck().get()`), undefined when there is no row. */
export const queryValue = async <T = unknown>(db: AnyDb, text: string, ...params: unknown[]): Promise<T | undefined> => (await queryValues<T>(db, text, ...params))[0];

/** Runs a statement for its effect; how many rows it changed. */
export const queryRun = async (db: AnyDb, text: string, ...params: unknown[]): Promise<number> => await execute(db, statement(text, params));

/** The names of the version rows tables (ds_<pk>_v<n>, and scratch tables of that prefix), sorted. */
export const rowsTableNames = async (db: AnyDb): Promise<string[]> => (await tableNames(db)).filter((name) => name.startsWith('ds_'));

/** Every row of a version's rows table, in row order, typed by its schema, on either engine. */
export async function allRows(db: AnyDb, table: string, schema: FieldSpec[]): Promise<Row[]> {
  if (!isPg(db)) return [...iterateRows(db, table, schema)];
  const rows: Row[] = [];
  for await (const row of iterateRowsPg(db, table, schema)) rows.push(row);
  return rows;
}

/** Every table of the database, sorted by name (byte order). */
export const tableNames = async (db: AnyDb): Promise<string[]> =>
  isPg(db)
    ? await queryValues<string>(db, 'SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename COLLATE "C"')
    : await queryValues<string>(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");

/**
 * Runs a write that breaks a foreign key on purpose (a row pointing at nothing, as a deleted dataset leaves it):
 * `sqlite` with SQLite's foreign keys off, or `pg` in one transaction whose foreign-key triggers are off.
 */
export async function withoutForeignKeys(db: AnyDb, sqlite: () => Promise<void>, pg: (tx: TransactionSql) => Promise<void>): Promise<void> {
  if (isPg(db)) {
    await db.$client.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await pg(tx);
    });
    return;
  }
  db.$client.pragma('foreign_keys = OFF');
  try {
    await sqlite();
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}
