import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { grants } from './keys.table.js';

/** When each of the given grants ends (null: never), by id; grants that do not exist are left out. */
export async function grantExpiriesById(db: Db, ids: Iterable<string | null | undefined>): Promise<Map<string, string | null>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return new Map();
  return new Map(db.select({ id: grants.id, expiresAt: grants.expiresAt }).from(grants).where(inArray(grants.id, wanted)).all().map((g) => [g.id, g.expiresAt]));
}
