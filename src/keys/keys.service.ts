import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { preparedUserRole, randomToken, sha256Hex } from '../auth/index.js';
import type { ApiKeyPrincipal, SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { countActiveKeys, insertKey, markKeyRevoked, preparedActiveKeyByHash, selectActiveKey, selectActiveKeys, setLastUsed, updateKeyLimits, type KeyRow } from './keys.store.js';

export const maxActiveKeys = 20;
const keyShape = /^kf_[A-Za-z0-9_-]{43}$/;

/**
 * Keys carry 256 random bits, so a plain SHA-256 is enough to make a leaked table useless
 * (nothing to brute-force) and lets every request find its key with one indexed lookup;
 * a slow password hash would only cost each request milliseconds.
 */
export const hashApiKey = (secret: string) => sha256Hex(secret);

export type { KeyRow };

/** Without a request (scripts, tests) the row names the key's owner, with no request id or client. */
const ownerActor = (u: { id: string | null; role: string | null; departmentId: string | null }): AuditActor =>
  ({ actor: u.id, actorRole: u.role, actorDepartmentId: u.departmentId, requestId: null, clientHash: null });

export async function createKey(db: Db, owner: SessionUser, name: string, now: Date, audit?: AuditActor): Promise<KeyRow & { secret: string }> {
  if (await countActiveKeys(db, owner.id) >= maxActiveKeys) throw new ApiError(409, 'too_many_keys', `You have ${maxActiveKeys} active keys; revoke one before creating another.`);
  const secret = `kf_${randomBytes(32).toString('base64url')}`;
  const id = `k_${randomToken(10)}`;
  await insertKey(db, { id, prefix: secret.slice(3, 11), secretHash: hashApiKey(secret), ownerUserId: owner.id, departmentId: owner.departmentId, name, createdAt: now.toISOString() });
  await recordAudit(db, { ...(audit ?? ownerActor(owner)), action: 'keys.created', target: `key:${id}`, targetDepartmentId: owner.departmentId, summary: `name: ${name}` });
  return { ...(await getKey(db, owner.id, id))!, secret };
}

export const getKey = async (db: Db, ownerUserId: string, id: string): Promise<KeyRow | undefined> => await selectActiveKey(db, ownerUserId, id);

export const listKeys = async (db: Db, ownerUserId: string): Promise<KeyRow[]> => await selectActiveKeys(db, ownerUserId);

/** Effective at once: every request looks its key up, there is no cache to outlive a revocation. */
export async function revokeKey(db: Db, ownerUserId: string, id: string, now: Date, audit?: AuditActor): Promise<void> {
  if (!await markKeyRevoked(db, ownerUserId, id, now.toISOString())) throw new ApiError(404, 'not_found', `You have no active key '${id}'.`);
  await recordAudit(db, { ...(audit ?? ownerActor({ id: ownerUserId, role: null, departmentId: null })), action: 'keys.revoked', target: `key:${id}` });
}

/** Finds the active key of a secret (with its owner's role), its statements prepared once: one finder per app. */
export function createKeyFinder(db: Db): (secret: string) => Promise<ApiKeyPrincipal | null> {
  const keyByHash = preparedActiveKeyByHash(db);
  const roleOf = preparedUserRole(db);
  return async (secret) => {
    if (!keyShape.test(secret)) return null;
    const key = await keyByHash(hashApiKey(secret));
    const role = key ? await roleOf(key.ownerUserId) : undefined;
    if (!key || role === undefined) return null;
    return { id: key.id, ownerUserId: key.ownerUserId, ownerRole: role, departmentId: key.departmentId, ratePerMin: key.ratePerMin, dailyQuota: key.dailyQuota };
  };
}

/** As a finder's lookup, preparing its statements for this one call (for requests other than the records API's). */
export const findActiveKey = async (db: Db, secret: string): Promise<ApiKeyPrincipal | null> => createKeyFinder(db)(secret);

export async function touchKey(db: Db, id: string, now: Date): Promise<void> {
  await setLastUsed(db, id, now.toISOString());
}

/** Operators raise (or lower) a key's limits; the next request uses them. */
export async function setKeyLimits(db: Db, id: string, limits: { ratePerMin?: number; dailyQuota?: number }, audit?: AuditActor): Promise<void> {
  await updateKeyLimits(db, id, limits);
  const summary = Object.entries(limits).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ');
  await recordAudit(db, { ...(audit ?? ownerActor({ id: null, role: null, departmentId: null })), action: 'keys.limits_changed', target: `key:${id}`, summary });
}
