import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiKeys } from './keys.table.js';

// The api_keys table, through drizzle's query builder.

/** A key as its holder sees it (never the secret or its hash). */
export type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  rate_per_min: number;
  daily_quota: number;
  department_id: string | null;
  created_at: string;
  last_used_at: string | null;
};

const keyColumns = {
  id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, rate_per_min: apiKeys.ratePerMin, daily_quota: apiKeys.dailyQuota,
  department_id: apiKeys.departmentId, created_at: apiKeys.createdAt, last_used_at: apiKeys.lastUsedAt,
};

const activeOf = (ownerUserId: string) => and(eq(apiKeys.ownerUserId, ownerUserId), isNull(apiKeys.revokedAt));

export const countActiveKeys = async (db: Db, ownerUserId: string): Promise<number> =>
  db.select({ n: count() }).from(apiKeys).where(activeOf(ownerUserId)).get()?.n ?? 0;

export type NewKeyRow = { id: string; prefix: string; secretHash: string; ownerUserId: string; departmentId: string | null; name: string; createdAt: string };

export async function insertKey(db: Db, key: NewKeyRow): Promise<void> {
  db.insert(apiKeys).values(key).run();
}

export const selectActiveKey = async (db: Db, ownerUserId: string, id: string): Promise<KeyRow | undefined> =>
  db.select(keyColumns).from(apiKeys).where(and(eq(apiKeys.id, id), activeOf(ownerUserId))).get();

export const selectActiveKeys = async (db: Db, ownerUserId: string): Promise<KeyRow[]> =>
  db.select(keyColumns).from(apiKeys).where(activeOf(ownerUserId)).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all();

/** Whether an active key of this owner was revoked now (false: there was none). */
export const markKeyRevoked = async (db: Db, ownerUserId: string, id: string, at: string): Promise<boolean> =>
  db.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), activeOf(ownerUserId))).run().changes > 0;

export async function setLastUsed(db: Db, id: string, at: string): Promise<void> {
  db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
}

export async function updateKeyLimits(db: Db, id: string, limits: { ratePerMin?: number; dailyQuota?: number }): Promise<void> {
  if (limits.ratePerMin === undefined && limits.dailyQuota === undefined) return;
  db.update(apiKeys).set(limits).where(eq(apiKeys.id, id)).run();
}

export type ActiveKeyRef = { id: string; ownerUserId: string; departmentId: string | null; ratePerMin: number; dailyQuota: number };

/**
 * The active key with this secret hash, read on every keyed request: the statement is prepared once, by the
 * caller (one per app), since preparing costs ten times more than running this lookup.
 */
export function preparedActiveKeyByHash(db: Db): (secretHash: string) => Promise<ActiveKeyRef | undefined> {
  const query = db
    .select({ id: apiKeys.id, ownerUserId: apiKeys.ownerUserId, departmentId: apiKeys.departmentId, ratePerMin: apiKeys.ratePerMin, dailyQuota: apiKeys.dailyQuota })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .prepare();
  return async (secretHash) => query.get({ hash: secretHash });
}
