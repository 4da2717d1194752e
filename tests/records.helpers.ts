// Shared by the auth, keys and records tests: a developer signs up and creates a key through the API.
import { createTestApp } from './helpers.js';

type App = Awaited<ReturnType<typeof createTestApp>>['app'];

export const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: 'http://localhost', ...extra },
  body: JSON.stringify(body),
});

let signUps = 0;

/** Registers and signs in; each from an address of its own, so the per-address registration limit (5 an hour) does not trip. */
export async function signUp(app: App, email: string, password = 'correct horse battery'): Promise<string> {
  const n = ++signUps;
  const from = { incoming: { socket: { remoteAddress: `100.${64 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}` } } };
  const res = await app.request('/api/v1/auth/register', json({ email, password }), from);
  if (res.status !== 202) throw new Error(`register ${email}: ${res.status} ${await res.text()}`);
  const login = await app.request('/api/v1/auth/login', json({ email, password }), from);
  if (login.status !== 200) throw new Error(`sign in ${email}: ${login.status} ${await login.text()}`);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

export async function createKey(app: App, cookie: string, name = 'test key'): Promise<{ id: string; secret: string; prefix: string }> {
  const res = await app.request('/api/v1/me/keys', json({ name }, { cookie }));
  if (res.status !== 201) throw new Error(`create key: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; secret: string; prefix: string };
}

/** A signed-up developer with one key: `headers` authenticate records requests. */
export async function developer(app: App, email = 'dev@example.com') {
  const cookie = await signUp(app, email);
  const key = await createKey(app, cookie);
  return { cookie, key, headers: { authorization: `Bearer ${key.secret}` } };
}
