// DESIGN section 6 as a user of the figures would check it: what counts as a download, double clicks, robots, shares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, eventCount, fileUrl, fromIp, openDatasets, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { queryRow, queryRows, queryValue, queryValues } from './support/db-query.js';

let t: TestApp;
let clock: ReturnType<typeof testClock>;
let ds: Awaited<ReturnType<typeof openDatasets>>;
beforeAll(async () => {
  t = await createTestApp();
  clock = testClock(t, '2026-03-10T10:00:00Z');
  ds = (await openDatasets(t));
});
afterAll(() => t.close());

const get = (url: string, ip = '203.0.113.7', headers: Record<string, string> = {}, method = 'GET') =>
  t.app.request(url, { method, headers: { 'user-agent': browserUa, ...headers } }, fromIp(ip));

const overview = async () => (await t.deps.usage.flush(), await (await t.app.request('/api/v1/stats/overview')).json()) as { downloads: { total: number; last_30_days: number }; shares: { total: number } };

describe('what counts as a download', () => {
  it('counts a 200 once, ignores the repeat within 30 s, counts again after it', async () => {
    const before = await eventCount(t, "kind = 'download'");
    expect((await get(fileUrl(ds.first))).status).toBe(200);
    clock.advance(10_000);
    expect((await get(fileUrl(ds.first))).status).toBe(200);
    expect(await eventCount(t, "kind = 'download'")).toBe(before + 1);
    clock.advance(25_000); // 35 s after the one that counted
    expect((await get(fileUrl(ds.first))).status).toBe(200);
    expect(await eventCount(t, "kind = 'download'")).toBe(before + 2);
  });

  it('a different format, version or consumer is a different download', async () => {
    clock.advance(60_000);
    const before = await eventCount(t, "kind = 'download'");
    await get(fileUrl(ds.first, 'json'));
    await get(fileUrl(ds.first, 'json'), '203.0.113.8');
    await get(fileUrl(ds.first, 'json'), '203.0.113.7', { 'user-agent': `${browserUa} Edg/124` });
    expect(await eventCount(t, "kind = 'download'")).toBe(before + 3);
  });

  it('does not count HEAD, 304, errors, a range that does not start at byte 0, or a short one that does', async () => {
    clock.advance(60_000);
    const before = await eventCount(t, "kind = 'download'");
    const head = await get(fileUrl(ds.other), '198.51.100.1', {}, 'HEAD');
    expect(head.status).toBe(200);
    const etag = head.headers.get('etag')!;
    expect((await get(fileUrl(ds.other), '198.51.100.2', { 'if-none-match': etag })).status).toBe(304);
    expect((await get(fileUrl(ds.other, 'pdf'), '198.51.100.3')).status).toBe(404);
    expect((await get(`/api/v1/datasets/${ds.other.id}/versions/999/data.csv`, '198.51.100.4')).status).toBe(404);
    const middle = await get(fileUrl(ds.other), '198.51.100.5', { range: 'bytes=10-99' });
    expect(middle.status).toBe(206);
    // From byte 0 but neither the whole file nor 1 MiB: a probe, not a download.
    const probe = await get(fileUrl(ds.other), '198.51.100.6', { range: 'bytes=0-99' });
    expect(probe.status).toBe(206);
    expect(await eventCount(t, "kind = 'download'")).toBe(before);

    const whole = await get(fileUrl(ds.other), '198.51.100.6', { range: 'bytes=0-' });
    expect(whole.status).toBe(206);
    const size = Number(whole.headers.get('content-length'));
    expect(whole.headers.get('content-range')).toBe(`bytes 0-${size - 1}/${size}`);
    expect(await eventCount(t, "kind = 'download'")).toBe(before + 1);
    const row = (await queryRow(t.db, "SELECT status, bytes, format FROM usage_events WHERE kind = 'download' ORDER BY id DESC LIMIT 1"));
    expect(row).toEqual({ status: 206, bytes: size, format: 'csv' });
  });

  it('records robots with is_robot and leaves them out of the headline figures', async () => {
    clock.advance(60_000);
    const before = await overview();
    const robots = await eventCount(t, 'is_robot = 1');
    for (const ua of ['curl/8.5.0', 'python-requests/2.31', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Wget/1.21', '']) {
      expect((await get(fileUrl(ds.first, 'ndjson'), '192.0.2.50', { 'user-agent': ua })).status).toBe(200);
    }
    expect(await eventCount(t, 'is_robot = 1')).toBe(robots + 5);
    expect((await overview()).downloads).toEqual(before.downloads);
    await get(fileUrl(ds.first, 'ndjson'), '192.0.2.50');
    expect((await overview()).downloads.total).toBe(before.downloads.total + 1);
  });

  it('never stores the client address, only a daily-salted hash', async () => {
    clock.advance(60_000);
    await get(fileUrl(ds.first, 'xlsx'), '100.64.12.34');
    const dump = JSON.stringify((await queryRows(t.db, 'SELECT * FROM usage_events')));
    expect(dump).not.toContain('100.64.12.34');
    const hashes = (await queryValues(t.db, "SELECT DISTINCT consumer_hash FROM usage_events WHERE user_id IS NULL AND key_id IS NULL")) as string[];
    expect(hashes.every((h) => /^a:[A-Za-z0-9_-]{22}$/.test(h))).toBe(true);
  });

  it('the same address and browser is another consumer the next day (the salt rotates)', async () => {
    const hashOfLast = async () => (await queryValue(t.db, "SELECT consumer_hash FROM usage_events WHERE kind = 'download' ORDER BY id DESC LIMIT 1"));
    await get(fileUrl(ds.other, 'json'), '100.64.99.1');
    await eventCount(t);
    const today = await hashOfLast();
    clock.advance(86_400_000);
    await get(fileUrl(ds.other, 'json'), '100.64.99.1');
    await eventCount(t);
    expect(await hashOfLast()).not.toBe(today);
  });
});

describe('shares', () => {
  it('counts a download by a user of another department as a share, of the same department not', async () => {
    clock.advance(60_000);
    const before = (await overview()).shares.total;
    const outsider = await signedIn(t, 'reader@other.gov.cn', 'publisher', ds.other.department_id);
    const insider = await signedIn(t, 'reader@owner.gov.cn', 'publisher', ds.first.department_id);
    const citizen = await signedIn(t, 'citizen@example.com');
    for (const who of [outsider, insider, citizen]) expect((await get(fileUrl(ds.first), '203.0.113.9', { cookie: who.cookie })).status).toBe(200);
    expect((await overview()).shares.total).toBe(before + 1);
    const row = (await queryRow(t.db, 'SELECT consumer_department_id, owner_department_id, user_id, consumer_hash FROM usage_events WHERE user_id = ?', outsider.user.id));
    expect(row).toEqual({ consumer_department_id: ds.other.department_id, owner_department_id: ds.first.department_id, user_id: outsider.user.id, consumer_hash: `u:${outsider.user.id}` });
  });
});

describe('a flood from one address', () => {
  it('10,000 downloads within a minute count as the double-click rule allows and never block the server', async () => {
    clock.set('2026-03-20T08:00:00Z');
    const before = await eventCount(t, "kind = 'download'");
    const started = Date.now();
    let slowest = 0;
    for (let batch = 0; batch < 100; batch++) {
      const responses = await Promise.all(Array.from({ length: 100 }, () => get(fileUrl(ds.first), '198.18.0.1')));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      await Promise.all(responses.map((r) => r.body?.cancel()));
      clock.advance(590); // 10,000 requests over 59 s
      const probe = Date.now();
      expect((await t.app.request('/healthz')).status).toBe(200);
      slowest = Math.max(slowest, Date.now() - probe);
    }
    expect(await eventCount(t, "kind = 'download'") - before).toBeLessThanOrEqual(2);
    expect(await eventCount(t, "kind = 'download'") - before).toBeGreaterThanOrEqual(1);
    expect(slowest).toBeLessThan(250);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('client address behind a proxy', () => {
  it('ignores X-Forwarded-For unless KAIFANG_TRUST_PROXY=1', async () => {
    for (const [trust, expected] of [['0', 1], ['1', 2]] as const) {
      const p = await createTestApp({ env: { KAIFANG_TRUST_PROXY: trust } });
      try {
        const d = (await openDatasets(p)).first;
        for (const client of ['198.51.100.10', '198.51.100.11']) {
          await p.app.request(fileUrl(d), { headers: { 'user-agent': browserUa, 'x-forwarded-for': `203.0.113.1, ${client}` } }, fromIp('10.0.0.1'));
        }
        expect(await eventCount(p, "kind = 'download'"), `trust=${trust}`).toBe(expected);
      } finally {
        await p.close();
      }
    }
  });
});
