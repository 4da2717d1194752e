import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readSessionCookie } from '../src/auth/index.js';

/*
 * A new API key's secret, carried from the POST that created it to the one GET that shows it (post-redirect-get),
 * never in a URL. It rides in a short-lived cookie for the developer centre's path, sealed (AES-256-GCM) with a key
 * derived from this browser's session token: the server keeps nothing (only the key's hash, as ever), several
 * processes behind a load balancer agree, and the cookie is useless without the session it was made for. The GET
 * that shows it deletes it, so a reload shows the secret no more.
 */
const cookieName = 'kf_new_key';
const lifetimeSeconds = 300;

export type NewKey = { id: string; name: string; secret: string };
type Sealed = NewKey & { user: string; expires: number };

const sealingKey = (sessionToken: string) => Buffer.from(hkdfSync('sha256', sessionToken, 'kaifang', 'new-api-key-flash', 32));

// Like the session cookie (src/auth/auth.cookie.ts): Secure except on a developer's own plain-http machine.
const cookieOptions = (c: Context, path: string) => {
  const u = new URL(c.req.url);
  const plainLocal = u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  return { path, httpOnly: true, sameSite: 'Strict' as const, secure: !plainLocal };
};

/** Keeps `key` for the next page of `path` in this session; false when there is no session to tie it to. */
export function putNewKey(c: Context, path: string, userId: string, key: NewKey, now: Date): boolean {
  const token = readSessionCookie(c);
  if (!token) return false;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(token), iv);
  const sealed: Sealed = { ...key, user: userId, expires: now.getTime() + lifetimeSeconds * 1000 };
  const body = Buffer.concat([cipher.update(JSON.stringify(sealed), 'utf8'), cipher.final()]);
  setCookie(c, cookieName, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), { ...cookieOptions(c, path), maxAge: lifetimeSeconds });
  return true;
}

/** The key kept by putNewKey for this user and session, once: the cookie is deleted whether it opened or not. */
export function takeNewKey(c: Context, path: string, userId: string, now: Date): NewKey | null {
  const value = getCookie(c, cookieName);
  if (!value) return null;
  deleteCookie(c, cookieName, cookieOptions(c, path));
  const token = readSessionCookie(c);
  if (!token) return null;
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(token), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const sealed = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Sealed;
    if (sealed.user !== userId || sealed.expires <= now.getTime()) return null;
    return { id: sealed.id, name: sealed.name, secret: sealed.secret };
  } catch {
    return null;
  }
}
