import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const sessionCookieName = 'kf_session';

// Browsers refuse Secure cookies over plain http; only a developer's own machine is served that way.
export function isPlainLocalhost(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export const readSessionCookie = (c: Context) => getCookie(c, sessionCookieName);

export function writeSessionCookie(c: Context, token: string, expiresAt: number): void {
  setCookie(c, sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: !isPlainLocalhost(c.req.url),
    expires: new Date(expiresAt),
    maxAge: Math.floor((expiresAt - Date.now()) / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookieName, { path: '/', httpOnly: true, sameSite: 'Lax', secure: !isPlainLocalhost(c.req.url) });
}
