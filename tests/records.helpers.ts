// Shared by the auth, keys and records tests: a developer signs up and creates a key through the API.
import { createTestApp } from './helpers.js';

type App = ReturnType<typeof createTestApp>['app'];

export const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: 'http://localhost', ...extra },
  body: JSON.stringify(body),
});

export async function signUp(app: App, email: string, password = 'correct horse battery'): Promise<string> {
  const res = await app.request('/api/v1/auth/register', json({ email, password }));
  if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
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
