import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { ensureUser } from './users.js';

// A browser app on another origin (a second port of 127.0.0.1) calls the portal's API from Chromium: the public
// reads work (a keyed records call through its preflight too); a write route and a cookie route are refused by the
// browser itself, because those answers carry no CORS header.

const appPage = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another origin</title></head><body><h1>A city app</h1></body></html>';
let other: http.Server;
let otherOrigin = '';

test.beforeAll(async () => {
  other = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(appPage));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

type Outcome = { ok: true; status: number; headers: Record<string, string | null>; body: string } | { ok: false; error: string };

test('a page on another origin reads public data and keyed records, and cannot write or use the session', async ({ page, baseURL }) => {
  const api = new URL(baseURL!).origin;
  // A signed-in developer with a key: the browser holds the portal's session cookie.
  const user = ensureUser({ email: 'cors-app@e2e.test', password: 'correct horse battery', role: 'user' });
  const login = await page.context().request.post(`${api}/api/v1/auth/login`, { data: { email: user.email, password: user.password }, headers: { origin: api } });
  expect(login.status()).toBe(200);
  const created = await page.context().request.post(`${api}/api/v1/me/keys`, { data: { name: 'cors e2e' }, headers: { origin: api } });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const catalog = (await (await page.context().request.get(`${api}/api/v1/datasets?open_type=open&limit=1`)).json()) as { data: { id: string }[] };
  const openId = catalog.data[0]!.id;

  await page.goto(`${otherOrigin}/`);
  await expect(page.getByRole('heading', { name: 'A city app' })).toBeVisible();

  const call = (url: string, init: RequestInit = {}, read: string[] = []) => page.evaluate(async ({ url, init, read }): Promise<Outcome> => {
    try {
      const res = await fetch(url, init);
      return { ok: true, status: res.status, headers: Object.fromEntries(read.map((h) => [h, res.headers.get(h)])), body: await res.text() };
    } catch (err) {
      return { ok: false, error: String(err) };
    }
  }, { url, init: init as Record<string, unknown>, read });

  // A public GET: answered and readable, with the exposed headers.
  const list = await call(`${api}/api/v1/datasets?limit=2`, {}, ['link', 'x-request-id']);
  expect(list).toMatchObject({ ok: true, status: 200 });
  if (!list.ok) return;
  expect((JSON.parse(list.body) as { data: unknown[] }).data).toHaveLength(2);
  expect(list.headers['link']).toContain('rel="next"');
  expect(list.headers['x-request-id']).toBeTruthy();

  // Records with a key: X-API-Key is not a simple header, so the browser sends a preflight first, and it passes.
  const records = await call(`${api}/api/v1/datasets/${openId}/records?limit=3`, { headers: { 'X-API-Key': secret } }, ['x-ratelimit-limit', 'x-ratelimit-remaining', 'etag']);
  expect(records).toMatchObject({ ok: true, status: 200 });
  if (!records.ok) return;
  expect((JSON.parse(records.body) as { data: unknown[] }).data).toHaveLength(3);
  expect(records.headers['x-ratelimit-limit']).toBe('600');
  expect(Number(records.headers['x-ratelimit-remaining'])).toBeLessThan(600);
  expect(records.headers['etag']).toBeTruthy();
  // The preflight is what let it through: a header it does not allow fails the same call in the browser.
  const unallowed = await call(`${api}/api/v1/datasets/${openId}/records?limit=3`, { headers: { 'X-API-Key': secret, 'X-Not-Allowed': '1' } });
  expect(unallowed).toMatchObject({ ok: false, error: expect.stringContaining('TypeError') });

  // Without a key, an open dataset's records answer too (anonymous reads), with the per-address limit readable.
  const anonymous = await call(`${api}/api/v1/datasets/${openId}/records?limit=1`, {}, ['x-ratelimit-limit']);
  expect(anonymous).toMatchObject({ ok: true, status: 200, headers: { 'x-ratelimit-limit': '60' } });

  // A write route: its preflight gets no CORS header, so the browser never sends the POST.
  const write = await call(`${api}/api/v1/me/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"stolen"}', credentials: 'include' });
  expect(write).toMatchObject({ ok: false, error: expect.stringContaining('TypeError') });

  // A cookie route: the browser sends the session cookie (same site) but the answer has no CORS header: unreadable.
  const keys = await call(`${api}/api/v1/me/keys`, { credentials: 'include' });
  expect(keys).toMatchObject({ ok: false, error: expect.stringContaining('TypeError') });
  // Even a public read refuses to be read with credentials: `*` never goes with cookies.
  const withCookies = await call(`${api}/api/v1/datasets?limit=1`, { credentials: 'include' });
  expect(withCookies).toMatchObject({ ok: false });

  // The key list is unchanged: the write never happened.
  const after = (await (await page.context().request.get(`${api}/api/v1/me/keys`)).json()) as { data: { name: string }[] };
  expect(after.data.map((k) => k.name)).not.toContain('stolen');
});
