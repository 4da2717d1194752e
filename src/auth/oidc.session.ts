import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../app-deps.js';
import type { Env } from '../env.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { sessionLifetimeMs } from './auth.session.js';
import { beginSecondFactor, startSession } from './two-factor.challenge.js';
import { flowCookieName, flowLifetimeSeconds, openFlow, sealFlow, type FlowState, type OidcClient } from './oidc.flow.js';
import { provisionOidcUser } from './oidc.provision.js';
import { isUserDisabled } from './users-directory.store.js';

/*
 * The ID token is kept in its own http-only cookie beside the session cookie (same lifetime), not in the sessions
 * table: it is needed only as the id_token_hint of the provider's sign-out, and the browser that signs out has it.
 */
const idTokenCookieName = 'kf_oidc_id';
const flowPath = '/auth/oidc';
// Like the session cookie: Secure except on a developer's own plain-http machine.
const plainLocal = (url: string) => { const u = new URL(url); return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname); };
const options = (c: Context, path: string) => ({ path, httpOnly: true, sameSite: 'Lax' as const, secure: !plainLocal(c.req.url) });

export function writeFlowCookie(c: Context, oidc: OidcClient, flow: FlowState): void {
  setCookie(c, flowCookieName, sealFlow(oidc.settings, flow), { ...options(c, flowPath), maxAge: flowLifetimeSeconds });
}

/** The flow of this browser, once: the cookie is deleted whether it opens or not (a code is exchanged at most once). */
export function takeFlowCookie(c: Context, oidc: OidcClient, now: Date): FlowState | null {
  const value = getCookie(c, flowCookieName);
  if (value) deleteCookie(c, flowCookieName, options(c, flowPath));
  return openFlow(oidc.settings, value, now);
}

export const readIdTokenCookie = (c: Context) => getCookie(c, idTokenCookieName);
export const clearIdTokenCookie = (c: Context) => void deleteCookie(c, idTokenCookieName, options(c, '/'));

/**
 * Finishes a sign-in at the callback: the code exchanged (state, nonce, PKCE checked), the account found by subject
 * or made, a new session (or the second factor's step first). Any failure is audited and thrown as a 400 `oidc_failed` (no session is started).
 */
export async function completeOidcSignIn(deps: AppDeps, c: Context, oidc: OidcClient, flow: FlowState | null, callbackUrl: URL): Promise<{ user: SessionUser; secondFactor: 'verify' | 'enrol' | null }> {
  const now = deps.now();
  let user: SessionUser;
  let created: boolean;
  let idToken: string;
  try {
    if (!flow) throw new Error('no sign-in in progress in this browser (or it took longer than 10 minutes)');
    const signIn = await oidc.finish(callbackUrl, flow);
    idToken = signIn.idToken;
    ({ user, created } = await provisionOidcUser(deps.db, oidc.settings, signIn.claims, now));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    deps.log.info(`unified identity sign-in refused: ${reason}`);
    await recordAudit(deps.db, { ...auditFrom(c), actor: null, actorRole: null, actorDepartmentId: null, action: 'oidc.sign_in_failed', target: `issuer:${oidc.settings.issuer.href}`, summary: reason.slice(0, 200) });
    throw new ApiError(400, 'oidc_failed', 'The sign-in with unified identity could not be completed; start again.');
  }
  const audit = { ...auditFrom(c), actor: user.id, actorRole: user.role, actorDepartmentId: user.departmentId, target: `user:${user.id}`, targetDepartmentId: user.departmentId };
  if (await isUserDisabled(deps.db, user.id)) {
    await recordAudit(deps.db, { ...audit, action: 'oidc.sign_in_failed', summary: 'account disabled' });
    throw new ApiError(403, 'account_disabled', 'This account is disabled; ask your department admin.');
  }
  if (created) await recordAudit(deps.db, { ...audit, action: 'oidc.user_provisioned', summary: `role ${user.role}${user.departmentId ? ` in ${user.departmentId}` : ''}` });
  await recordAudit(deps.db, { ...audit, action: 'oidc.sign_in' });
  setCookie(c, idTokenCookieName, idToken, { ...options(c, '/'), expires: new Date(now.getTime() + sessionLifetimeMs) });
  // A role that must give a second factor continues on its page (/signin/2fa); the session starts there.
  const secondFactor = await beginSecondFactor(deps, c, user, flow!.next);
  if (!secondFactor) await startSession(deps, c, user.id);
  return { user, secondFactor };
}

/** With KAIFANG_PASSWORD_SIGNIN=citizens, publishers and department admins sign in only through unified identity. */
export function assertPasswordSignInAllowed(env: Pick<Env, 'KAIFANG_PASSWORD_SIGNIN' | 'oidc'>, user: Pick<SessionUser, 'role'>): void {
  if (env.KAIFANG_PASSWORD_SIGNIN === 'citizens' && env.oidc && (user.role === 'publisher' || user.role === 'dept_admin')) {
    throw new ApiError(403, 'use_unified_identity', 'Department accounts sign in with unified identity here, not with a password.');
  }
}
