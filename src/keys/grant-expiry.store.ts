import { inArray } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { keysTables } from './keys.tables.js';

/** When each of the given grants ends (null: never), by id; grants that do not exist are left out. */
export async function grantExpiriesById(db: AnyDb, ids: Iterable<string | null | undefined>): Promise<Map<string, string | null>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return new Map();
  const { grants } = keysTables(db);
  const rows = await builder(db).select({ id: grants.id, expiresAt: grants.expiresAt }).from(grants).where(inArray(grants.id, wanted));
  return new Map(rows.map((g) => [g.id, g.expiresAt]));
}
