import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../app-deps.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { addressLimitKey, clientAddress } from '../lib/client-address.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { constantTimeEqual } from './auth.crypto.js';
import { isPlainLocalhost, readSessionCookie, writeSessionCookie } from './auth.cookie.js';
import { createSession, invalidateSession } from './auth.session.js';
import { confirmEnrolment, requireSecondFactor, verifySecondFactor, type Attempt } from './two-factor.service.js';
import { selectUserById } from './two-factor.store.js';

// A sign-in between its first factor (password, identity provider) and its second: no session yet, only this
// short-lived cookie naming the account, signed (HMAC) with a key derived from the portal secret.

export const challengeCookieName = 'kf_2fa';
const lifetimeMs = 10 * 60_000;

export type Challenge = { user: SessionUser; mode: 'verify' | 'enrol'; next: string };
type Sealed = { u: string; m: 'verify' | 'enrol'; n: string; e: number };

const sign = (deps: Pick<AppDeps, 'deriveKey'>, body: string) => createHmac('sha256', deps.deriveKey('2fa-challenge')).update(body).digest('base64url');

/** Starts a session for `userId` (ending the browser's previous one); answers its expiry. */
export async function startSession(deps: Pick<AppDeps, 'db' | 'now'>, c: Context, userId: string): Promise<string> {
  const old = readSessionCookie(c);
  if (old) await invalidateSession(deps.db, old);
  const session = await createSession(deps.db, userId, deps.now());
  writeSessionCookie(c, session.token, session.expiresAt);
  return new Date(session.expiresAt).toISOString();
}

/**
 * After the first factor: null when the session may start now, else sets the challenge cookie and answers what
 * remains (`verify` or `enrol`); the sign-in page of the second factor is `/signin/2fa` (`/en/signin/2fa`).
 */
export async function beginSecondFactor(deps: Pick<AppDeps, 'db' | 'env' | 'now' | 'deriveKey'>, c: Context, user: Pick<SessionUser, 'id' | 'role'>, next: string): Promise<'verify' | 'enrol' | null> {
  const mode = await requireSecondFactor(deps, user);
  if (!mode) return null;
  const body = Buffer.from(JSON.stringify({ u: user.id, m: mode, n: next, e: deps.now().getTime() + lifetimeMs } satisfies Sealed)).toString('base64url');
  setCookie(c, challengeCookieName, `${body}.${sign(deps, body)}`, { path: '/', httpOnly: true, sameSite: 'Lax', secure: !isPlainLocalhost(c.req.url), maxAge: lifetimeMs / 1000 });
  return mode;
}

export async function readChallenge(deps: Pick<AppDeps, 'db' | 'now' | 'deriveKey'>, c: Context): Promise<Challenge | null> {
  const [body, mac, extra] = (getCookie(c, challengeCookieName) ?? '').split('.');
  if (!body || !mac || extra !== undefined || !constantTimeEqual(mac, sign(deps, body))) return null;
  const sealed = JSON.parse(Buffer.from(body, 'base64url').toString()) as Sealed;
  if (sealed.e <= deps.now().getTime()) return null;
  const user = await selectUserById(deps.db, sealed.u);
  return user ? { user, mode: sealed.m, next: sealed.n } : null;
}

const clearChallenge = (c: Context) => deleteCookie(c, challengeCookieName, { path: '/', httpOnly: true, sameSite: 'Lax', secure: !isPlainLocalhost(c.req.url) });

export const attemptOf = (deps: Pick<AppDeps, 'env'>, c: Context): Attempt => ({
  audit: auditFrom(c),
  address: addressLimitKey(clientAddress(c, deps.env.KAIFANG_TRUST_PROXY === '1')),
});

export const noChallenge = () => new ApiError(401, 'no_sign_in_challenge', 'No sign-in is waiting for a second factor (or it expired after 10 minutes): sign in again.');

/**
 * The second step: checks `code` against the challenge's account (a TOTP code or a recovery code; for an enrolment,
 * the first code of the new secret), then starts the session and ends the challenge. Answers the user, the
 * session's expiry, where to go, and for an enrolment the recovery codes to show once.
 */
export async function completeSecondFactor(deps: Pick<AppDeps, 'db' | 'env' | 'now' | 'deriveKey'>, c: Context, code: string) {
  const challenge = await readChallenge(deps, c);
  if (!challenge) throw noChallenge();
  const attempt = attemptOf(deps, c);
  const recoveryCodes = challenge.mode === 'enrol'
    ? await confirmEnrolment(deps, challenge.user, code, attempt)
    : (await verifySecondFactor(deps, challenge.user, code, attempt), null);
  const expiresAt = await startSession(deps, c, challenge.user.id);
  const { user } = challenge; // the sign-in is complete only now: its audit row is written here, not after the password
  await recordAudit(deps.db, { ...auditFrom(c), actor: user.id, actorRole: user.role, actorDepartmentId: user.departmentId, action: 'auth.sign_in', target: `user:${user.id}`, targetDepartmentId: user.departmentId, summary: 'with a second factor' });
  clearChallenge(c);
  return { user: challenge.user, expiresAt, next: challenge.next, recoveryCodes };
}
