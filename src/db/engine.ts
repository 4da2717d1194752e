import type { SQL } from 'drizzle-orm';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type { SqliteDb } from './client.js';

// The two engines behind the stores. A store function takes `AnyDb` and is written once where both engines build
// the same SQL: drizzle's query builder, awaited (never SQLite's synchronous .get/.all/.run), over the feature's
// tables as `tablesOf` picks them; or raw SQL both engines read alike, through `rowsOf`/`execute`. Where the SQL
// differs (full-text search, upserts of counters, date arithmetic), the store branches on `isPg`.

/** A PostgreSQL connection pool behind drizzle (src/db/pg-client.ts opens it). */
export type PgDb = PostgresJsDatabase & { engine: 'pg'; $client: Sql };
export type AnyDb = SqliteDb | PgDb;

export const isPg = (db: AnyDb): db is PgDb => (db as { engine?: string }).engine === 'pg';

/**
 * The query builder of either engine, typed as SQLite's. Both dialects build the same statement for the same
 * tables (tests/pg-schema.test.ts holds the twins equal), and both run it when awaited; only the calls both have
 * may be used (select/insert/update/delete, where, orderBy, limit, returning, onConflictDoNothing/DoUpdate).
 */
export const builder = (db: AnyDb): SqliteDb => db as SqliteDb;

/** A feature's tables for this engine: the PostgreSQL twins, typed as the SQLite ones they mirror. */
export const tablesOf = <T>(db: AnyDb, sqlite: T, pg: unknown): T => (isPg(db) ? (pg as T) : sqlite);

/** The rows of a raw statement, as plain objects keyed by column name, on either engine. */
export async function rowsOf<T>(db: AnyDb, query: SQL): Promise<T[]> {
  if (isPg(db)) return (await db.execute(query)) as unknown as T[];
  return db.all(query) as T[];
}

/** Runs a raw statement for its effect; returns how many rows it changed. */
export async function execute(db: AnyDb, query: SQL): Promise<number> {
  if (isPg(db)) return (await db.execute(query)).count;
  return db.run(query).changes;
}
