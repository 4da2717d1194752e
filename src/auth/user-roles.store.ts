import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { users } from './auth.table.js';

/**
 * A user's role by id, read on every keyed request (what the key's owner may read): the statement is prepared
 * once, by the caller (one per app). Undefined for a user that does not exist.
 */
export function preparedUserRole(db: Db): (userId: string) => Promise<string | undefined> {
  const query = db.select({ role: users.role }).from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
  return async (userId) => query.get({ id: userId })?.role;
}
