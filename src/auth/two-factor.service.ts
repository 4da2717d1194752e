import type { AppDeps } from '../app-deps.js';
import type { AnyDb } from '../db/engine.js';
import type { Env } from '../env.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { createEngineThrottle, type AttemptThrottle } from './auth.throttle.js';
import {
  decodeBase32, encodeBase32, looksLikeRecoveryCode, matchingStep, newRecoveryCode, newTotpKey, openSecret, qrSvg,
  recoveryCodeCount, recoveryCodeHash, sealSecret, totpUri,
} from './auth.totp.js';
import { claimTotpStep, countUnusedRecoveryCodes, deleteTwoFactor, putPendingTotp, replaceRecoveryCodes, selectTotp, spendRecoveryCode } from './two-factor.store.js';

const privileged = new Set(['publisher', 'dept_admin', 'reviewer', 'admin']);

/** Whether the portal requires a second factor of this role: admins always; the other privileged roles unless `off`. */
export const secondFactorRequired = (env: Pick<Env, 'KAIFANG_REQUIRE_2FA'>, role: string) =>
  role === 'admin' || (env.KAIFANG_REQUIRE_2FA === 'privileged' && privileged.has(role));

export type TwoFactorStatus = { enabled: boolean; required: boolean; recoveryCodesLeft: number };

export async function twoFactorStatus(deps: Pick<AppDeps, 'db' | 'env'>, user: Pick<SessionUser, 'id' | 'role'>): Promise<TwoFactorStatus> {
  const row = await selectTotp(deps.db, user.id);
  const enabled = !!row?.enabledAt;
  return { enabled, required: secondFactorRequired(deps.env, user.role), recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(deps.db, user.id) : 0 };
}

/**
 * What a sign-in of `user` still needs after the password (or the identity provider): `verify` a code of the
 * enrolled factor, `enrol` one first (required, none yet), or null: the session may start now.
 */
export async function requireSecondFactor(deps: Pick<AppDeps, 'db' | 'env'>, user: Pick<SessionUser, 'id' | 'role'>): Promise<'verify' | 'enrol' | null> {
  const status = await twoFactorStatus(deps, user);
  return status.enabled ? 'verify' : status.required ? 'enrol' : null;
}

const totpKey = (deps: Pick<AppDeps, 'deriveKey'>) => deps.deriveKey('totp-secret');

export type Enrolment = { secret: string; uri: string; qrSvg: string };

/** A new secret waiting for its first code (a second call replaces it); 409 when a factor is enabled already. */
export async function startEnrolment(deps: Pick<AppDeps, 'db' | 'deriveKey'>, user: Pick<SessionUser, 'id' | 'email'>): Promise<Enrolment> {
  const key = newTotpKey();
  if (!(await putPendingTotp(deps.db, user.id, sealSecret(totpKey(deps), user.id, key)))) throw alreadyEnabled();
  const uri = totpUri(key, user.email);
  return { secret: encodeBase32(key), uri, qrSvg: await qrSvg(uri) };
}

/** The pending enrolment shown again (a reload of the page), or null when there is none. */
export async function pendingEnrolment(deps: Pick<AppDeps, 'db' | 'deriveKey'>, user: Pick<SessionUser, 'id' | 'email'>): Promise<Enrolment | null> {
  const row = await selectTotp(deps.db, user.id);
  if (!row || row.enabledAt) return null;
  const key = openSecret(totpKey(deps), user.id, row.secret);
  const uri = totpUri(key, user.email);
  return { secret: encodeBase32(key), uri, qrSvg: await qrSvg(uri) };
}

const alreadyEnabled = () => new ApiError(409, 'two_factor_enabled', 'Two-factor sign-in is on already; turn it off first to enrol a new authenticator.');
const wrongCode = () => new ApiError(401, 'invalid_code', 'Wrong or already used code.');

// One throttle per database connection (so per app): the API and the pages count the same attempts.
const throttles = new WeakMap<object, AttemptThrottle>();
const throttleOf = (db: AnyDb) => {
  let t = throttles.get(db);
  if (!t) throttles.set(db, (t = createEngineThrottle(db, 'second_factor', { max: 10, windowMs: 15 * 60_000 })));
  return t;
};

export type Attempt = { audit: AuditActor; address: string };

/**
 * Counts an attempt for the account and the address (10 per 15 minutes each, as passwords), runs `check`, gives the
 * attempt back when it passed; a failure is audited and answered 401, a full window 429 with Retry-After.
 */
async function throttled(deps: Pick<AppDeps, 'db' | 'now'>, user: Pick<SessionUser, 'id' | 'role' | 'departmentId'>, attempt: Attempt, check: () => Promise<boolean>): Promise<void> {
  const throttle = throttleOf(deps.db);
  const keys = [`2fa:${user.id}`, `ip:${attempt.address}`];
  const now = deps.now().getTime();
  const wait = await throttle.take(keys, now);
  if (wait) throw new ApiError(429, 'too_many_attempts', `Too many wrong codes; try again in ${Math.ceil(wait / 60)} minute(s).`, { headers: { 'Retry-After': String(wait) }, retry_after: wait });
  if (!(await check())) {
    await recordAudit(deps.db, { ...actorOf(attempt.audit, user), action: 'auth.2fa_failed', target: `user:${user.id}` });
    throw wrongCode();
  }
  await throttle.clear(`2fa:${user.id}`);
  await throttle.giveBack([`ip:${attempt.address}`], now);
}

// Before the session starts the request has no user: the audit row names the account signing in.
const actorOf = (audit: AuditActor, user: Pick<SessionUser, 'id' | 'role' | 'departmentId'>): AuditActor =>
  audit.actor ? audit : { ...audit, actor: user.id, actorRole: user.role, actorDepartmentId: user.departmentId };

/** Enables the pending enrolment with its first code; answers the 10 recovery codes, shown this once. */
export async function confirmEnrolment(deps: Pick<AppDeps, 'db' | 'now' | 'deriveKey'>, user: Pick<SessionUser, 'id' | 'role' | 'departmentId'>, code: string, attempt: Attempt): Promise<string[]> {
  const row = await selectTotp(deps.db, user.id);
  if (row?.enabledAt) throw alreadyEnabled();
  if (!row) throw new ApiError(409, 'no_enrolment', 'Start the enrolment first (a new secret), then confirm it with a code.');
  const nowIso = deps.now().toISOString();
  await throttled(deps, user, attempt, async () => {
    const step = matchingStep(openSecret(totpKey(deps), user.id, row.secret), code.trim(), deps.now().getTime());
    return step !== null && (await claimTotpStep(deps.db, user.id, step, nowIso));
  });
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  await replaceRecoveryCodes(deps.db, user.id, codes.map(recoveryCodeHash));
  await recordAudit(deps.db, { ...actorOf(attempt.audit, user), action: 'auth.2fa_enrolled', target: `user:${user.id}`, summary: 'TOTP enabled, 10 recovery codes' });
  return codes;
}

/** Checks a code of the enabled factor: a TOTP code of a step not used before, or an unused recovery code (spent). */
export async function verifySecondFactor(deps: Pick<AppDeps, 'db' | 'now' | 'deriveKey'>, user: Pick<SessionUser, 'id' | 'role' | 'departmentId'>, code: string, attempt: Attempt): Promise<void> {
  const row = await selectTotp(deps.db, user.id);
  if (!row?.enabledAt) throw new ApiError(409, 'two_factor_not_enabled', 'Two-factor sign-in is not on for this account.');
  let recovery = false;
  await throttled(deps, user, attempt, async () => {
    if (looksLikeRecoveryCode(code)) {
      recovery = true;
      return await spendRecoveryCode(deps.db, user.id, recoveryCodeHash(code), deps.now().toISOString());
    }
    const step = matchingStep(openSecret(totpKey(deps), user.id, row.secret), code.trim(), deps.now().getTime());
    return step !== null && (await claimTotpStep(deps.db, user.id, step));
  });
  if (recovery) {
    const left = await countUnusedRecoveryCodes(deps.db, user.id);
    await recordAudit(deps.db, { ...actorOf(attempt.audit, user), action: 'auth.recovery_code_used', target: `user:${user.id}`, summary: `${left} recovery code(s) left` });
  }
}

/** Turns the factor off after a current code; refused (409) for a role the portal requires it of. */
export async function disableTwoFactor(deps: Pick<AppDeps, 'db' | 'now' | 'deriveKey' | 'env'>, user: Pick<SessionUser, 'id' | 'role' | 'departmentId'>, code: string, attempt: Attempt): Promise<void> {
  if (secondFactorRequired(deps.env, user.role)) throw new ApiError(409, 'two_factor_required', 'Your role must sign in with two factors; an administrator can reset it if your authenticator is lost.');
  await verifySecondFactor(deps, user, code, attempt);
  await deleteTwoFactor(deps.db, user.id);
  await recordAudit(deps.db, { ...actorOf(attempt.audit, user), action: 'auth.2fa_disabled', target: `user:${user.id}` });
}

/**
 * Removes a user's second factor and recovery codes (a department admin's or an admin's reset, when the authenticator
 * is lost): the next sign-in enrols again where the role requires it. The caller audits it ('auth.2fa_reset').
 */
export async function resetTwoFactor(db: AnyDb, userId: string): Promise<boolean> {
  return await deleteTwoFactor(db, userId);
}

/** For tests and the e2e helper: the key of a secret as shown to the user. */
export const keyOfShownSecret = (secret: string) => decodeBase32(secret);
