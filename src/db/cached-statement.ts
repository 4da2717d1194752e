import type Database from 'better-sqlite3';
import type { SqliteDb } from './client.js';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement reused per connection, for store files whose small lookups run on every request (sessions,
 * the catalog's change counter and full-text search), where preparing costs more than running them. Keyed by the connection, so
 * apps on different databases share nothing; apps on one connection share only its compiled statements.
 */
export function cachedStatement(db: SqliteDb, sql: string): Database.Statement {
  let statements = cache.get(db.$client);
  if (!statements) cache.set(db.$client, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) statements.set(sql, (stmt = db.$client.prepare(sql)));
  return stmt;
}
