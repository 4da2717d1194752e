import type { Context, MiddlewareHandler } from 'hono';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';

export const isFormRequest = (c: Context) => /^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(c.req.header('content-type') ?? '');

/**
 * Runs before body validation so a wrong media type or broken JSON is a problem+json 415/400
 * rather than an uncaught framework exception.
 */
export const bodyGuard: MiddlewareHandler = async function bodyGuard(c, next) {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      await c.req.json();
    } catch {
      throw new ApiError(400, 'invalid_body', 'The request body is not valid JSON.');
    }
  } else if (!isFormRequest(c)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send application/json (or an HTML form).');
  }
  await next();
};

/** Only paths on this site, so a crafted link cannot bounce a signed-in user elsewhere. */
export const localPath = (path: string | undefined, fallback: string) => (path && /^\/(?![/\\])[^\s]*$/.test(path) ? path : fallback);

export function withError(path: string, code: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('error', code);
  return `${url.pathname}${url.search}`;
}

/** Where a signed-up form goes: the sign-in page of the form's language, saying the account is ready, then on to `next`. */
export function signInAfterSignUp(form: Record<string, string>): string {
  const lang = /^\/en(\/|$)/.test(form.from ?? '') ? '/en' : '';
  const next = localPath(form.next, `${lang}/developer`);
  return `${lang}/signin?registered=1&next=${encodeURIComponent(next)}`;
}

export const presentUser = (u: SessionUser) => ({ id: u.id, email: u.email, name: u.name, role: u.role as 'user', department_id: u.departmentId });
