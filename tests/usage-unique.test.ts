// Download counts a client cannot inflate, and COUNTER's unique figures beside the totals, over real HTTP.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, eventCount, fileUrl, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { createUsageRecorder } from '../src/usage/usage.recorder.js';
import { queryRow, queryRows, queryRun, queryValue } from './support/db-query.js';

// Its CSV is about 1.9 MB: enough for a 1 MiB range that is not the whole file.
const datasetId = 'food-business-licenses';

let t: TestApp;
let server: ReturnType<typeof serve>;
let base: string;
let ds: { pk: number; id: string; department_id: string; n: number };
let reviewer: string;

beforeAll(async () => {
  t = await createTestApp({ datasets: [datasetId] });
  testClock(t, '2026-03-10T10:00:00Z');
  ds = (await queryRow(t.db, 'SELECT pk, id, department_id, latest_version AS n FROM datasets WHERE id = ?', datasetId)) as typeof ds;
  reviewer = (await signedIn(t, 'reviewer@kaifang.gov.cn', 'reviewer')).cookie;
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** A browser-like User-Agent that is not on the robots list, different for every i. */
const rotatingUa = (i: number) => browserUa.replace('Chrome/124.0', `Chrome/124.0.${i}`);

async function download(headers: Record<string, string>, format = 'csv') {
  const res = await fetch(`${base}${fileUrl(ds, format)}`, { headers });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { status: res.status, bytes, contentRange: res.headers.get('content-range') };
}

const stats = async <T>(path: string, cookie?: string) => {
  await t.deps.usage.flush();
  const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
type Point = { period: string; downloads: number; unique_downloads: number; api_calls: number; unique_api_calls: number; shares: number; unique_shares: number };
const day = async (d: string) => (await stats<{ series: Point[] }>(`/api/v1/stats/series?granularity=day&from=${d}&to=${d}`)).series[0]!;

describe('ranged requests', () => {
  it('200 one-byte ranges from one address, each with another User-Agent, count no download', async () => {
    for (let i = 0; i < 200; i++) {
      const res = await download({ range: 'bytes=0-0', 'user-agent': rotatingUa(i) });
      expect(res.status).toBe(206);
      expect(res.bytes).toBe(1);
    }
    expect(await eventCount(t, "kind = 'download'")).toBe(0);
    expect(await day('2026-03-10')).toMatchObject({ downloads: 0, unique_downloads: 0 });
  });

  it('a range from byte 0 counts when it covers the whole file or at least 1 MiB', async () => {
    const short = await download({ range: 'bytes=0-1048574', 'user-agent': rotatingUa(1000) });
    expect(short).toMatchObject({ status: 206, bytes: 1048575 });
    expect(await eventCount(t, "kind = 'download'")).toBe(0);

    const mib = await download({ range: 'bytes=0-1048575', 'user-agent': rotatingUa(1001) });
    expect(mib.status).toBe(206);
    const size = Number(mib.contentRange!.split('/')[1]);
    expect(size).toBeGreaterThan(1048576); // so it is the 1 MiB that counts, not the whole file
    expect(await eventCount(t, "kind = 'download'")).toBe(1);

    const whole = await download({ range: 'bytes=0-', 'user-agent': rotatingUa(1002) }, 'json');
    expect(whole.status).toBe(206);
    expect(whole.contentRange).toBe(`bytes 0-${whole.bytes - 1}/${whole.bytes}`);
    expect(await eventCount(t, "kind = 'download'")).toBe(2);
    // From one address on one day: two downloads, one unique download.
    expect(await day('2026-03-10')).toMatchObject({ downloads: 2, unique_downloads: 1 });
  });
});

describe('unique downloads (COUNTER)', () => {
  it('50 full downloads from one address with 50 User-Agents are 50 downloads and 1 unique download', async () => {
    testClock(t, '2026-03-11T09:00:00Z');
    for (let i = 0; i < 50; i++) expect((await download({ 'user-agent': rotatingUa(i) })).status).toBe(200);
    expect(await day('2026-03-11')).toMatchObject({ downloads: 50, unique_downloads: 1 });
    const overview = await stats<Record<string, { total: number }>>('/api/v1/stats/overview');
    expect(overview.downloads!.total).toBe(52);
    expect(overview.unique_downloads!.total).toBe(2); // one per day
    const top = await stats<{ data: { id: string; downloads: number; unique_downloads: number }[] }>('/api/v1/stats/datasets?from=2026-03-01&to=2026-03-11');
    expect(top.data.find((d) => d.id === ds.id)).toMatchObject({ downloads: 52, unique_downloads: 2 });
  });

  it('the same address is a new unique consumer the next day, and a robot is none', async () => {
    testClock(t, '2026-03-12T09:00:00Z');
    await download({ 'user-agent': rotatingUa(1) });
    await download({ 'user-agent': 'python-requests/2.31' });
    expect(await day('2026-03-12')).toMatchObject({ downloads: 1, unique_downloads: 1 });
  });

  it("the assessment's downloads indicator is the unique figure", async () => {
    const card = await stats<{ data: { department: { id: string }; indicators: Record<string, { value: number }> }[] }>('/api/v1/assessment?period=2026-03', reviewer);
    const owner = card.data.find((r) => r.department.id === ds.department_id)!;
    const departments = await stats<{ data: { id: string; downloads: number; unique_downloads: number }[] }>('/api/v1/stats/departments?from=2026-03-01&to=2026-03-12');
    const figures = departments.data.find((d) => d.id === ds.department_id)!;
    expect(figures).toMatchObject({ downloads: 53, unique_downloads: 3 });
    expect(owner.indicators.downloads!.value).toBe(3);
  });
});

describe('events recorded before unique consumers existed', () => {
  it('get them once at start, and their days get unique figures', async () => {
    const old = await createTestApp({ datasets: [datasetId], env: { KAIFANG_USAGE: 'off' } });
    try {
      const pk = (await queryValue<number>(old.db, 'SELECT pk FROM datasets'))!;
      const dept = (await queryValue<string>(old.db, 'SELECT department_id FROM datasets'))!;
      const insert = `INSERT INTO usage_events (ts, kind, dataset_pk, owner_department_id, consumer_hash, is_robot, status) VALUES (?, 'download', ?, ?, ?, ?, ?)`;
      // As an older release wrote them: no unique_consumer, rollups without uniques.
      for (const [ts, hash, robot, status] of [
        ['2026-02-01T08:00:00Z', 'a:one', 0, 200],
        ['2026-02-01T09:00:00Z', 'a:one', 0, 200],
        ['2026-02-01T10:00:00Z', 'a:two', 0, 206],
        ['2026-02-01T11:00:00Z', 'a:bot', 1, 200],
        ['2026-02-02T08:00:00Z', 'a:one', 0, 200],
      ] as const) await queryRun(old.db, insert, ts, pk, dept, hash, robot, status);
      await queryRun(old.db, "INSERT INTO usage_daily (day, dataset_pk, kind, count, robots) VALUES ('2026-02-01', ?, 'download', 3, 1), ('2026-02-02', ?, 'download', 1, 0)", pk, pk);

      for (let start = 0; start < 2; start++) await (await createUsageRecorder(old.db, { secret: 'x' })).stop(); // the second start changes nothing
      expect(await queryRows(old.db, 'SELECT day, count, uniques FROM usage_daily ORDER BY day')).toEqual([
        { day: '2026-02-01', count: 3, uniques: 2 },
        { day: '2026-02-02', count: 1, uniques: 1 },
      ]);
      expect(await queryValue(old.db, 'SELECT COUNT(*) FROM usage_events WHERE unique_consumer IS NULL')).toBe(0);
    } finally {
      await old.close();
    }
  });
});
