// CORS: the public reads answer any origin without credentials (preflight included); sign-in, keys, publishing,
// the demand board and the console send no CORS header at all, preflight included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { loadCatalog } from '../datasets/index.js';

const open = loadCatalog().datasets.find((d) => d.open_type === 'open' && d.rows < 500)!;
const origin = 'https://apps.example.org';
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => { t = await createTestApp({ datasets: [open.id] }); });
afterAll(() => t.close());

const publicReads = [
  '/api/v1/datasets', `/api/v1/datasets/${open.id}`, `/api/v1/datasets/${open.id}/versions`, `/api/v1/datasets/${open.id}/versions/1`,
  `/api/v1/datasets/${open.id}/versions/1/datapackage.json`, `/api/v1/datasets/${open.id}/versions/1/data.csv`,
  `/api/v1/datasets/${open.id}/records?limit=1`, '/api/v1/departments', '/api/v1/themes', '/api/v1/stats/overview', '/openapi.json',
];
const preflight = (path: string, method: string, headers = 'authorization') =>
  t.app.request(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

describe('public reads', () => {
  it.each(publicReads)('GET %s answers any origin, without credentials', async (path) => {
    const res = await t.app.request(path, { headers: { origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-RateLimit-Remaining/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/);
  });

  it('a preflight for a keyed records call allows Authorization and X-API-Key', async () => {
    const res = await preflight(`/api/v1/datasets/${open.id}/records?limit=1`, 'GET', 'authorization, x-api-key');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('errors of a public read carry the CORS headers too, so a page can read why (401, 429, 404)', async () => {
    const bad = await t.app.request(`/api/v1/datasets/${open.id}/records`, { headers: { origin, authorization: 'Bearer kf_nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await t.app.request('/api/v1/datasets/no-such-dataset', { headers: { origin } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('a 304 keeps the CORS header', async () => {
    const first = await t.app.request('/api/v1/themes', { headers: { origin } });
    const res = await t.app.request('/api/v1/themes', { headers: { origin, 'if-none-match': first.headers.get('etag')! } });
    expect(res.status).toBe(304);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('cookie-authenticated and write routes', () => {
  const writes: [string, string][] = [
    ['POST', '/api/v1/auth/login'], ['POST', '/api/v1/auth/register'], ['POST', '/api/v1/auth/logout'], ['GET', '/api/v1/me'],
    ['POST', '/api/v1/me/keys'], ['GET', '/api/v1/me/keys'], ['DELETE', '/api/v1/me/keys/abc'], ['GET', '/api/v1/me/usage'],
    ['POST', '/api/v1/datasets'], ['PATCH', `/api/v1/datasets/${open.id}`], ['POST', `/api/v1/datasets/${open.id}/versions`],
    ['POST', `/api/v1/datasets/${open.id}/versions/1/withdraw`], ['GET', '/api/v1/demands'], ['POST', '/api/v1/demands'],
    ['GET', '/api/v1/cart'], ['GET', '/api/v1/assessment'], ['GET', '/console'], ['GET', '/developer'],
  ];
  it.each(writes)('%s %s: no CORS header on the preflight nor on the request', async (method, path) => {
    const pre = await preflight(path, method, 'content-type');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
    const res = await t.app.request(path, { method, headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a signed-in user\'s key list answers no other origin', async () => {
    const { cookie } = await developer(t.app, 'cors@example.com');
    const res = await t.app.request('/api/v1/me/keys', { headers: { origin, cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
