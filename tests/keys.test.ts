// API keys: creation shown once, stored only as a hash, revocation, limits, and grants for conditional data.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createKey, developer, json, signUp } from './records.helpers.js';
import { setKeyLimits } from '../src/keys/keys.service.js';
import { addGrant, hasGrant } from '../src/keys/grants.service.js';
import { createRateLimiter } from '../src/keys/keys.ratelimit.js';
import { grantAdd } from '../scripts/cli/grant.js';
import { userAdd } from '../scripts/cli/user.js';
import { loadCatalog } from '../datasets/index.js';
import { queryRow, queryRows, queryRun, queryValue } from './support/db-query.js';

const catalog = loadCatalog().datasets;
const open = catalog.find((d) => d.open_type === 'open' && d.rows < 500)!;
const conditional = catalog.find((d) => d.open_type === 'conditional' && d.rows < 3000)!;
const openUrl = `/api/v1/datasets/${open.id}/records?limit=2`;
const condUrl = `/api/v1/datasets/${conditional.id}/records?limit=2`;

let t: Awaited<ReturnType<typeof createTestApp>>;
let now = Date.parse('2026-03-10T10:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ datasets: [open.id, conditional.id] });
  t.deps.now = () => new Date(now);
});
afterAll(() => t.close());

type Problem = { type: string; title: string; status: number; detail: string; code: string; request_id: string; developer_centre?: string; retry_after?: number; reset_at?: string };

describe('keys', () => {
  it('shows the secret once and stores only its SHA-256', async () => {
    const cookie = await signUp(t.app, 'keys@example.com');
    const key = await createKey(t.app, cookie, '公交小程序');
    expect(key.secret).toMatch(/^kf_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.secret.slice(3, 11));

    const list = (await (await t.app.request('/api/v1/me/keys', { headers: { cookie } })).json()) as { data: Record<string, unknown>[] };
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: key.id, name: '公交小程序', prefix: key.prefix, rate_per_min: 600, daily_quota: 50000, last_used_at: null });
    expect(JSON.stringify(list)).not.toContain(key.secret.slice(11));

    const row = (await queryRow(t.db, 'SELECT * FROM api_keys WHERE id = ?', key.id)) as Record<string, unknown>;
    expect(row.secret_hash).toBe(createHash('sha256').update(key.secret).digest('hex'));
    const everything = JSON.stringify((await queryRows(t.db, 'SELECT * FROM api_keys')));
    expect(everything).not.toContain(key.secret);
    expect(everything).not.toContain(key.secret.slice(11, 30));
  });

  it('accepts the key as Bearer or X-API-Key and sets limit headers on every keyed response', async () => {
    const { key } = await developer(t.app, 'headers@example.com');
    for (const h of [{ authorization: `Bearer ${key.secret}` }, { 'x-api-key': key.secret }] as Record<string, string>[]) {
      const res = await t.app.request(openUrl, { headers: h });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('600');
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(600);
      expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    }
    const bad = await t.app.request(`${openUrl}&nope=1`, { headers: { 'x-api-key': key.secret } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-ratelimit-remaining')).toBe('597');
    const row = (await queryValue(t.db, 'SELECT last_used_at FROM api_keys WHERE id = ?', key.id));
    expect(row).toBe(new Date(now).toISOString());
  });

  it('answers 401 problem+json telling where to get a key', async () => {
    for (const headers of [{}, { authorization: 'Bearer kf_not-a-real-key' }, { 'x-api-key': `kf_${'A'.repeat(43)}` }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await t.app.request(condUrl, { headers }); // an open dataset is read without a key (anonymous reads)
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      const body = (await res.json()) as Problem;
      expect(['key_required', 'invalid_key']).toContain(body.code);
      expect(body.developer_centre).toBe('http://127.0.0.1:3000/developer');
      expect(body.detail).toContain('/developer');
      expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('refuses keys in the query string with 400 key_in_query', async () => {
    const { key } = await developer(t.app, 'query@example.com');
    for (const q of [`api_key=${key.secret}`, `apikey=${key.secret}`, `key=${key.secret}`, `token=${key.secret}`, 'access_token=x']) {
      const res = await t.app.request(`${openUrl}&${q}`, { headers: { authorization: `Bearer ${key.secret}` } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).code).toBe('key_in_query');
    }
    const anonymous = await t.app.request(`${openUrl}&api_key=${key.secret}`);
    expect(anonymous.status).toBe(400);
  });

  it('rejects a revoked key on the next request; others cannot revoke it', async () => {
    const { cookie, key, headers } = await developer(t.app, 'revoke@example.com');
    expect((await t.app.request(openUrl, { headers })).status).toBe(200);
    const stranger = await signUp(t.app, 'stranger@example.com');
    expect((await t.app.request(`/api/v1/me/keys/${key.id}`, { method: 'DELETE', headers: { cookie: stranger, origin: 'http://localhost' } })).status).toBe(404);
    expect((await t.app.request(openUrl, { headers })).status).toBe(200);
    const del = await t.app.request(`/api/v1/me/keys/${key.id}`, { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
    expect(del.status).toBe(204);
    const after = await t.app.request(openUrl, { headers });
    expect(after.status).toBe(401);
    expect(((await after.json()) as Problem).code).toBe('invalid_key');
    expect(((await (await t.app.request('/api/v1/me/keys', { headers: { cookie } })).json()) as { total: number }).total).toBe(0);
  });

  it('needs a session for key management', async () => {
    expect((await t.app.request('/api/v1/me/keys')).status).toBe(401);
    expect((await t.app.request('/api/v1/me/keys', json({ name: 'x' }))).status).toBe(401);
    const cookie = await signUp(t.app, 'names@example.com');
    expect((await t.app.request('/api/v1/me/keys', json({ name: '' }, { cookie }))).status).toBe(400);
    expect((await t.app.request('/api/v1/me/keys', json({ name: 'x', extra: 1 }, { cookie }))).status).toBe(400);
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After past the per-minute rate, and recovers as the bucket refills', async () => {
    const { key, headers } = await developer(t.app, 'rate@example.com');
    await setKeyLimits(t.db, key.id, { ratePerMin: 3 });
    for (let i = 0; i < 3; i++) expect((await t.app.request(openUrl, { headers })).status).toBe(200);
    const res = await t.app.request(openUrl, { headers });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('20');
    expect(res.headers.get('x-ratelimit-limit')).toBe('3');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    const body = (await res.json()) as Problem;
    expect(body).toMatchObject({ code: 'rate_limited', status: 429, retry_after: 20, reset_at: new Date(now + 20_000).toISOString() });
    now += 20_000;
    expect((await t.app.request(openUrl, { headers })).status).toBe(200);
    expect((await t.app.request(openUrl, { headers })).status).toBe(429);
  });

  it('answers 429 quota_exceeded past the daily quota until the next UTC day, and persists the count', async () => {
    const { key, headers } = await developer(t.app, 'quota@example.com');
    await setKeyLimits(t.db, key.id, { dailyQuota: 2 });
    expect((await t.app.request(openUrl, { headers })).status).toBe(200);
    expect((await t.app.request(openUrl, { headers })).status).toBe(200);
    const res = await t.app.request(openUrl, { headers });
    expect(res.status).toBe(429);
    const secondsToMidnight = Math.ceil((Date.parse(new Date(now).toISOString().slice(0, 10)) + 86400_000 - now) / 1000);
    expect(res.headers.get('retry-after')).toBe(String(secondsToMidnight));
    expect(((await res.json()) as Problem).code).toBe('quota_exceeded');

    await t.deps.rateLimiter.flush();
    expect(await createRateLimiter(t.db).usedToday(key.id, now)).toBe(2);
    now += secondsToMidnight * 1000;
    expect((await t.app.request(openUrl, { headers })).status).toBe(200);
  });
});

describe('conditional datasets', () => {
  it('answers 403 grant_required until a live grant exists; grants may limit fields and expire', async () => {
    const { cookie, key, headers } = await developer(t.app, 'grants@example.com');
    const meta = await t.app.request(`/api/v1/datasets/${conditional.id}`);
    expect(meta.status).toBe(200);
    const denied = await t.app.request(condUrl, { headers });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as Problem).code).toBe('grant_required');
    expect(denied.headers.get('x-ratelimit-limit')).toBe('600');

    const pk = (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', conditional.id)) as number;
    const userId = ((await (await t.app.request('/api/v1/me', { headers: { cookie } })).json()) as { id: string }).id;
    expect(await hasGrant(t.db, pk, { userId, keyId: key.id }, new Date(now))).toBe(false);
    const pkField = conditional.fields.find((f) => f.primary_key)!.name;
    const other = conditional.fields.find((f) => !f.primary_key)!.name;
    await addGrant(t.db, { datasetPk: pk, userId, fields: [other], expiresAt: new Date(now + 3600_000).toISOString() }, new Date(now));
    expect(await hasGrant(t.db, pk, { userId }, new Date(now))).toBe(true);

    const ok = await t.app.request(condUrl, { headers });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { data: Record<string, unknown>[] };
    expect(Object.keys(body.data[0]!).sort()).toEqual([pkField, other].sort());
    const hidden = conditional.fields.find((f) => !f.primary_key && f.name !== other)!.name;
    expect(((await (await t.app.request(`${condUrl}&${hidden}=x`, { headers })).json()) as Problem).code).toBe('field_not_granted');

    now += 2 * 3600_000;
    expect((await t.app.request(condUrl, { headers })).status).toBe(403);
    expect(await hasGrant(t.db, pk, { userId }, new Date(now))).toBe(false);
  });

  it('grant add (CLI) takes a key prefix that begins with a dash (base64url) as the value of --key-prefix', async () => {
    const { key } = await developer(t.app, 'dash@example.com');
    (await queryRun(t.db, 'UPDATE api_keys SET prefix = ? WHERE id = ?', '-dashkey', key.id));
    const lines: string[] = [];
    await grantAdd(['--dataset', conditional.id, '--key-prefix', '-dashkey'], { db: t.db, print: (l) => lines.push(l) });
    expect(lines[0]).toContain(key.id);
  });

  it('grant add (CLI) grants by e-mail or key prefix; user add creates department staff whose keys read their own data', async () => {
    const { key, headers } = await developer(t.app, 'cli@example.com');
    const lines: string[] = [];
    await grantAdd(['--dataset', conditional.id, '--key-prefix', key.prefix], { db: t.db, print: (l) => lines.push(l) });
    expect(lines[0]).toContain(conditional.id);
    expect((await t.app.request(condUrl, { headers })).status).toBe(200);
    await expect(grantAdd(['--dataset', 'nope', '--email', 'cli@example.com'], { db: t.db })).rejects.toThrow(/no dataset/);
    await expect(grantAdd(['--dataset', conditional.id, '--email', 'nobody@example.com'], { db: t.db })).rejects.toThrow(/no user/);

    await userAdd(['--email', 'staff@example.com', '--password', 'staff-password', '--role', 'publisher', '--department', conditional.department], { db: t.db, print: () => {} });
    const login = await t.app.request('/api/v1/auth/login', json({ email: 'staff@example.com', password: 'staff-password' }));
    const staff = await createKey(t.app, login.headers.get('set-cookie')!.split(';')[0]!);
    expect((await t.app.request(condUrl, { headers: { authorization: `Bearer ${staff.secret}` } })).status).toBe(200);
  });
});
