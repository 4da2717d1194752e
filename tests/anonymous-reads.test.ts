// Anonymous reads (issue 15): the records API answers open datasets without a key, under per-address limits
// (KAIFANG_ANONYMOUS_RATE), counted as API calls of an anonymous consumer; conditional datasets still need a key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { fromIp } from './usage.helpers.js';
import { loadCatalog } from '../datasets/index.js';
import { queryRows } from './support/db-query.js';

const catalog = loadCatalog().datasets;
const open = catalog.find((d) => d.open_type === 'open' && d.rows < 500)!;
const conditional = catalog.find((d) => d.open_type === 'conditional' && d.rows < 3000)!;
const openUrl = `/api/v1/datasets/${open.id}/records?limit=2`;
const condUrl = `/api/v1/datasets/${conditional.id}/records?limit=2`;
type Problem = { status: number; code: string; detail: string; developer_centre?: string; retry_after?: number };

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}) {
  const t = await createTestApp({ datasets: [open.id, conditional.id], env });
  apps.push(t);
  let now = Date.parse('2026-03-10T10:00:00Z');
  t.deps.now = () => new Date(now);
  return { t, advance: (ms: number) => void (now += ms) };
}
afterAll(async () => { for (const t of apps) await t.close(); });

describe('anonymous reads (default 60 a minute, 1,000 a day per address)', () => {
  let a: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => { a = await app(); });
  const get = (url: string, ip: string, headers: Record<string, string> = {}) => a.t.app.request(url, { headers: { 'user-agent': 'curl/8.5', ...headers } }, fromIp(ip));

  it('answers an open dataset without a key, with the X-RateLimit-* headers, counted as an anonymous API call', async () => {
    const res = await get(openUrl, '198.51.100.1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown[]; total: number };
    expect(body.data).toHaveLength(2);
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(res.headers.get('x-quota-limit')).toBe('1000');
    expect(res.headers.get('x-quota-remaining')).toBe('999');
    await a.t.deps.usage.flush();
    const events = await queryRows(a.t.db, "SELECT kind, key_id, user_id, consumer_hash, status FROM usage_events WHERE kind = 'api'");
    expect(events).toEqual([{ kind: 'api', key_id: null, user_id: null, consumer_hash: expect.stringMatching(/^a:/), status: 200 }]);
  });

  it('refuses the 61st request of a minute from one address with a 429 that says a free key raises the limit', async () => {
    const ip = '198.51.100.2';
    for (let i = 0; i < 60; i++) expect((await get(openUrl, ip)).status).toBe(200);
    const res = await get(openUrl, ip);
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('rate_limited');
    expect(p.detail).toContain('without an API key');
    expect(p.detail).toMatch(/free API key raises the limit to 600 a minute/);
    expect(p.detail).toContain('/developer');
    // Another address is not affected; the same /64 of IPv6 is one client.
    expect((await get(openUrl, '198.51.100.3')).status).toBe(200);
    for (let i = 0; i < 60; i++) expect((await get(openUrl, `2001:db8:1:2::${(i + 1).toString(16)}`)).status).toBe(200);
    expect((await get(openUrl, '2001:db8:1:2:ffff::1')).status).toBe(429);
    // A key is not limited by the address's anonymous bucket.
    const { key } = await developer(a.t.app, 'anon-then-key@example.com');
    const keyed = await get(openUrl, ip, { authorization: `Bearer ${key.secret}` });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('x-ratelimit-limit')).toBe('600');
    // A minute later the address may read again.
    a.advance(60_000);
    expect((await get(openUrl, ip)).status).toBe(200);
  });

  it('a malformed credential is refused, not read as anonymous', async () => {
    for (const headers of [{ authorization: 'Basic abc' }, { authorization: 'Bearer' }, { 'x-api-key': ' ' }] as Record<string, string>[]) {
      const res = await get(openUrl, '198.51.100.7', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('still needs a key with a grant for a conditional dataset', async () => {
    const res = await get(condUrl, '198.51.100.4');
    expect(res.status).toBe(401);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('key_required');
    expect(p.developer_centre).toMatch(/\/developer$/);
    const pinned = await get(`/api/v1/datasets/${conditional.id}/versions/1/records?limit=1`, '198.51.100.4');
    expect(pinned.status).toBe(401);
    const { key } = await developer(a.t.app, 'no-grant@example.com');
    expect((await get(condUrl, '198.51.100.4', { 'x-api-key': key.secret })).status).toBe(403);
    // Refused for want of a key, as before: not recorded as use of the dataset.
    await a.t.deps.usage.flush();
    expect(await queryRows(a.t.db, "SELECT status FROM usage_events WHERE kind = 'api' AND status = 401")).toEqual([]);
  });

  it('streams a whole open result without a key', async () => {
    const res = await get(`/api/v1/datasets/${open.id}/records?limit=all&format=csv`, '198.51.100.5');
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines.length).toBe(open.rows + 1);
  });
});

describe('KAIFANG_ANONYMOUS_RATE', () => {
  it('per minute/per day: the daily limit refuses with quota_exceeded, per client address behind a proxy', async () => {
    const { t, advance } = await app({ KAIFANG_ANONYMOUS_RATE: '100/3', KAIFANG_TRUST_PROXY: '1' });
    const get = (xff: string) => t.app.request(openUrl, { headers: { 'x-forwarded-for': xff } }, fromIp('10.0.0.1'));
    for (let i = 0; i < 3; i++) expect((await get('203.0.113.9')).status).toBe(200);
    advance(120_000);
    const res = await get('203.0.113.9');
    expect(res.status).toBe(429);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('quota_exceeded');
    expect(p.detail).toContain('3 requests a day without an API key');
    expect(p.detail).toContain('free API key');
    expect(res.headers.get('x-quota-remaining')).toBe('0');
    // The proxy's last X-Forwarded-For entry is the client: another client behind the same proxy reads on.
    expect((await get('203.0.113.10')).status).toBe(200);
    // A client cannot pose as another by sending its own X-Forwarded-For entries first.
    expect((await get('198.18.0.1, 203.0.113.9')).status).toBe(429);
  });

  it('0 turns anonymous reads off: 401 key_required as before', async () => {
    const { t } = await app({ KAIFANG_ANONYMOUS_RATE: '0' });
    const res = await t.app.request(openUrl, {}, fromIp('198.51.100.6'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as Problem).code).toBe('key_required');
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('refuses a malformed value at start', async () => {
    await expect(app({ KAIFANG_ANONYMOUS_RATE: 'lots' })).rejects.toThrow(/KAIFANG_ANONYMOUS_RATE/);
  });
});
