import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, SessionUser } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { validateSession } from './auth.session.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './auth.cookie.js';
import { noteSessionSeen } from './sessions-list.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function isSameOrigin(c: Context, publicUrl: string | undefined): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return false;
  try {
    const o = new URL(origin);
    if (publicUrl && o.origin === new URL(publicUrl).origin) return true;
    return o.host === new URL(c.req.url).host;
  } catch {
    return false;
  }
}

/**
 * Sets `c.var.user` from the session cookie (null when signed out) and guards against CSRF:
 * an unsafe request that carries the cookie, or any Origin, must come from this site (403 `csrf`).
 */
export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function session(c, next) {
    const token = readSessionCookie(c);
    if (!safeMethods.has(c.req.method) && (token || c.req.header('origin')) && !isSameOrigin(c, deps.env.KAIFANG_PUBLIC_URL)) {
      throw new ApiError(403, 'csrf', 'Cross-site request refused: send it from the portal itself (Origin must match the site).');
    }
    if (c.get('user') !== undefined) return next();
    const found = token ? await validateSession(deps.db, token, deps.now()) : null;
    if (token && !found) clearSessionCookie(c);
    if (token && found?.refreshed) writeSessionCookie(c, token, found.expiresAt);
    if (found) await noteSessionSeen(deps.db, c, deps.env.KAIFANG_TRUST_PROXY === '1', found, deps.now());
    c.set('user', found?.user ?? null);
    await next();
  };
}

/** 401 `unauthenticated` unless signed in; use after `sessionMiddleware`. */
export const requireUser: MiddlewareHandler<AppEnv> = async function requireUser(c, next) {
  if (!c.get('user')) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
  await next();
};

/** 403 `forbidden` unless `allowed` (a decision of ./policy.ts) lets the signed-in user in; `needs` says what it takes. */
export function requireAllowed(allowed: (user: SessionUser) => boolean, needs: string): MiddlewareHandler<AppEnv> {
  return async function requireAllowedGuard(c, next) {
    const user = c.get('user');
    if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
    if (!allowed(user)) throw new ApiError(403, 'forbidden', `This needs ${needs}.`);
    await next();
  };
}
