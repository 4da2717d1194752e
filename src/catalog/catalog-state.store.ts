import { sql } from 'drizzle-orm';
import { cachedStatement } from '../db/cached-statement.js';
import type { SqliteDb } from '../db/client.js';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';

/**
 * The catalog's change counter, bumped by triggers on datasets, versions and departments (SQLite migration 0003,
 * PostgreSQL migrations-pg 0001) and, on PostgreSQL, on the search index (0002): every node reads the one row.
 */
export async function catalogGeneration(db: AnyDb): Promise<number> {
  if (isPg(db)) return (await rowsOf<{ generation: number }>(db, sql`SELECT generation FROM catalog_state WHERE id = 1`))[0]?.generation ?? 0;
  // Read on every catalog request (the caches check it).
  return (cachedStatement(db as SqliteDb, 'SELECT generation FROM catalog_state WHERE id = 1').pluck().get() as number | undefined) ?? 0;
}
