import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../src/lib/context.js';
import type { AppDeps } from '../src/app-deps.js';
import { sessionMiddleware } from '../src/auth/index.js';

// Files, not pages: a cached file must never carry a refreshed session cookie, and a file has no header to show.
const filePath = /^\/(?:static|assets|docs\/assets)\/|\.[a-z0-9]+$/i;

/**
 * Every page's header says who is signed in (web/components/account-menu.tsx), so every page read reads the
 * session, including pages that otherwise do not care who is looking. Posts keep their own routes' session
 * middleware (and its CSRF check); this one only looks.
 */
export function pageViewer(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const session = sessionMiddleware(deps);
  return async function pageViewer(c, next) {
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !filePath.test(c.req.path)) return session(c, next);
    await next();
  };
}
