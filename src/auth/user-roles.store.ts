import type { SqliteDb } from '../db/client.js';
import { eq, sql } from 'drizzle-orm';
import { builder, isPg, type AnyDb } from '../db/engine.js';
import { users } from './auth.table.js';
import { authTables } from './auth.tables.js';

/**
 * A user's role by id, read on every keyed request (what the key's owner may read): on SQLite the statement is
 * prepared once, by the caller (one per app); PostgreSQL's client prepares its own. Undefined for a user that does
 * not exist.
 */
export function preparedUserRole(db: AnyDb): (userId: string) => Promise<string | undefined> {
  if (isPg(db)) {
    const t = authTables(db);
    return async (userId) => (await builder(db).select({ role: t.users.role }).from(t.users).where(eq(t.users.id, userId)).limit(1))[0]?.role;
  }
  const query = (db as SqliteDb).select({ role: users.role }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
  return async (userId) => query.get({ id: userId })?.role;
}
