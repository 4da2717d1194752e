import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement reused per connection: preparing costs more than running these small lookups. */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  let statements = cache.get(db.$client);
  if (!statements) cache.set(db.$client, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) statements.set(sql, (stmt = db.$client.prepare(sql)));
  return stmt;
}
