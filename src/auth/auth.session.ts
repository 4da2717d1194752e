import type { Db } from '../db/client.js';
import { deleteSession, deleteUserSessions, insertSession, selectSessionBetween, updateSessionExpiry, type SessionRow } from './sessions.store.js';
import type { SessionUser } from '../lib/context.js';
import { constantTimeEqual, randomToken, sha256Hex } from './auth.crypto.js';

const day = 24 * 60 * 60 * 1000;
export const sessionLifetimeMs = 30 * day;
/** A session used with less than this left is extended to a full lifetime again (sliding expiry). */
const refreshBelowMs = 15 * day;

export type ValidSession = { user: SessionUser; expiresAt: number; refreshed: boolean; idHash: string; lastSeenAt: string | null };

/**
 * The session design Lucia now recommends: the token is `<id>.<secret>`; the database keeps the id
 * and a SHA-256 of the secret (`id_hash` = `<id>.<hex>`), so a leaked table opens no session.
 * The row is found by its non-secret id and the secret checked in constant time.
 */
export async function createSession(db: Db, userId: string, now: Date): Promise<{ token: string; expiresAt: number }> {
  const id = randomToken(10);
  const secret = randomToken(20);
  const expiresAt = now.getTime() + sessionLifetimeMs;
  await insertSession(db, `${id}.${sha256Hex(secret)}`, userId, expiresAt, now.toISOString());
  return { token: `${id}.${secret}`, expiresAt };
}

async function findSession(db: Db, token: string): Promise<SessionRow | null> {
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || !/^[a-z2-7]{16}$/.test(id) || !/^[a-z2-7]{32}$/.test(secret)) return null;
  // '/' sorts right after '.', so this range holds exactly the ids equal to `id`.
  const row = await selectSessionBetween(db, `${id}.`, `${id}/`);
  if (!row) return null;
  return constantTimeEqual(row.id_hash, `${id}.${sha256Hex(secret)}`) ? row : null;
}

export async function validateSession(db: Db, token: string, now: Date): Promise<ValidSession | null> {
  const row = await findSession(db, token);
  if (!row) return null;
  const t = now.getTime();
  if (row.expires_at <= t) {
    await deleteSession(db, row.id_hash);
    return null;
  }
  let expiresAt = row.expires_at;
  const refreshed = expiresAt - t < refreshBelowMs;
  if (refreshed) {
    expiresAt = t + sessionLifetimeMs;
    await updateSessionExpiry(db, row.id_hash, expiresAt);
  }
  const user: SessionUser = { id: row.id, email: row.email, name: row.name, role: row.role, departmentId: row.department_id };
  return { user, expiresAt, refreshed, idHash: row.id_hash, lastSeenAt: row.last_seen_at };
}

export async function invalidateSession(db: Db, token: string): Promise<void> {
  const row = await findSession(db, token);
  if (row) await deleteSession(db, row.id_hash);
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await deleteUserSessions(db, userId);
}
