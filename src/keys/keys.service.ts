import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { cachedStatement } from '../auth/auth.sql.js';
import type { ApiKeyPrincipal, SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { randomToken, sha256Hex } from '../auth/auth.crypto.js';

export const maxActiveKeys = 20;
const keyShape = /^kf_[A-Za-z0-9_-]{43}$/;

/**
 * Keys carry 256 random bits, so a plain SHA-256 is enough to make a leaked table useless
 * (nothing to brute-force) and lets every request find its key with one indexed lookup;
 * a slow password hash would only cost each request milliseconds.
 */
export const hashApiKey = (secret: string) => sha256Hex(secret);

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

const keyColumns = 'id, name, prefix, rate_per_min, daily_quota, department_id, created_at, last_used_at';

export function createKey(db: Db, owner: SessionUser, name: string, now: Date): KeyRow & { secret: string } {
  const active = (cachedStatement(db, 'SELECT COUNT(*) AS n FROM api_keys WHERE owner_user_id = ? AND revoked_at IS NULL').get(owner.id) as { n: number }).n;
  if (active >= maxActiveKeys) throw new ApiError(409, 'too_many_keys', `You have ${maxActiveKeys} active keys; revoke one before creating another.`);
  const secret = `kf_${randomBytes(32).toString('base64url')}`;
  const id = `k_${randomToken(10)}`;
  const prefix = secret.slice(3, 11);
  cachedStatement(db, 'INSERT INTO api_keys (id, prefix, secret_hash, owner_user_id, department_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, prefix, hashApiKey(secret), owner.id, owner.departmentId, name, now.toISOString());
  return { ...getKey(db, owner.id, id)!, secret };
}

export function getKey(db: Db, ownerUserId: string, id: string): KeyRow | undefined {
  return cachedStatement(db, `SELECT ${keyColumns} FROM api_keys WHERE id = ? AND owner_user_id = ? AND revoked_at IS NULL`).get(id, ownerUserId) as KeyRow | undefined;
}

export function listKeys(db: Db, ownerUserId: string): KeyRow[] {
  return cachedStatement(db, `SELECT ${keyColumns} FROM api_keys WHERE owner_user_id = ? AND revoked_at IS NULL ORDER BY created_at, id`).all(ownerUserId) as KeyRow[];
}

/** Effective at once: every request looks its key up, there is no cache to outlive a revocation. */
export function revokeKey(db: Db, ownerUserId: string, id: string, now: Date): void {
  const result = cachedStatement(db, 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND owner_user_id = ? AND revoked_at IS NULL').run(now.toISOString(), id, ownerUserId);
  if (result.changes === 0) throw new ApiError(404, 'not_found', `You have no active key '${id}'.`);
}

export function findActiveKey(db: Db, secret: string): ApiKeyPrincipal | null {
  if (!keyShape.test(secret)) return null;
  const row = cachedStatement(
    db,
    `SELECT k.id, k.owner_user_id, k.department_id, k.rate_per_min, k.daily_quota, u.role
       FROM api_keys k JOIN users u ON u.id = k.owner_user_id
      WHERE k.secret_hash = ? AND k.revoked_at IS NULL`,
  ).get(hashApiKey(secret)) as { id: string; owner_user_id: string; department_id: string | null; rate_per_min: number; daily_quota: number; role: string } | undefined;
  if (!row) return null;
  return { id: row.id, ownerUserId: row.owner_user_id, ownerRole: row.role, departmentId: row.department_id, ratePerMin: row.rate_per_min, dailyQuota: row.daily_quota };
}

export function touchKey(db: Db, id: string, now: Date): void {
  cachedStatement(db, 'UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now.toISOString(), id);
}

/** Operators raise (or lower) a key's limits; the next request uses them. */
export function setKeyLimits(db: Db, id: string, limits: { ratePerMin?: number; dailyQuota?: number }): void {
  if (limits.ratePerMin !== undefined) cachedStatement(db, 'UPDATE api_keys SET rate_per_min = ? WHERE id = ?').run(limits.ratePerMin, id);
  if (limits.dailyQuota !== undefined) cachedStatement(db, 'UPDATE api_keys SET daily_quota = ? WHERE id = ?').run(limits.dailyQuota, id);
}
