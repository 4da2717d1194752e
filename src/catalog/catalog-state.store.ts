import { sql } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../db/client.js';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';

/**
 * The catalog's change counter, bumped by triggers on datasets, versions and departments (SQLite migration 0003,
 * PostgreSQL migrations-pg 0001) and, on PostgreSQL, on the search index (0002): every node reads the one row.
 */
export async function catalogGeneration(db: AnyDb): Promise<number> {
  if (isPg(db)) return (await rowsOf<{ generation: number }>(db, sql`SELECT generation FROM catalog_state WHERE id = 1`))[0]?.generation ?? 0;
  return (generationStatement(db as SqliteDb).get() as number | undefined) ?? 0;
}

// Read on every catalog request (the caches check it): prepared once per connection, not per call.
const generationStatements = new WeakMap<SqliteDb['$client'], Statement>();
function generationStatement(db: SqliteDb): Statement {
  const client = db.$client;
  let s = generationStatements.get(client);
  if (!s) generationStatements.set(client, (s = client.prepare('SELECT generation FROM catalog_state WHERE id = 1').pluck()));
  return s;
}
