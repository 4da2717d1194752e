import type { SqliteDb } from '../db/client.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { isPg, type AnyDb } from '../db/engine.js';
import { users as pgUsers } from './auth.pg-table.js';
import { users } from './auth.table.js';

/**
 * A user's role by id, read on every keyed request (what the key's owner may read): on SQLite the statement is
 * prepared once, by the caller (one per app), on either engine (see preparedActiveKeyByHash). Undefined for a user that does
 * not exist or is disabled (so a disabled user's keys are refused from the next request on, on every node).
 */
export function preparedUserRole(db: AnyDb): (userId: string) => Promise<string | undefined> {
  if (isPg(db)) {
    const query = db.select({ role: pgUsers.role }).from(pgUsers).where(and(eq(pgUsers.id, sql.placeholder('id')), isNull(pgUsers.disabledAt))).limit(1).prepare('user_role');
    return async (userId) => (await query.execute({ id: userId }))[0]?.role;
  }
  const query = (db as SqliteDb).select({ role: users.role }).from(users).where(and(eq(users.id, sql.placeholder('id')), isNull(users.disabledAt))).prepare();
  return async (userId) => query.get({ id: userId })?.role;
}
