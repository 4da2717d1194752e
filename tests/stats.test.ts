// Public statistics: headline figures, per department, per dataset, and a key holder's own use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, fileUrl, fromIp, openDatasets, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { developer } from './records.helpers.js';
import { seedDemoUsage } from '../src/usage/demo-usage.js';
import { queryValue } from './support/db-query.js';

let t: TestApp;
let ds: Awaited<ReturnType<typeof openDatasets>>;
beforeAll(async () => {
  t = await createTestApp();
  testClock(t, '2026-11-26T12:00:00Z');
  await seedDemoUsage(t.db, t.deps.now(), { scale: 0.01 });
  ds = (await openDatasets(t));
});
afterAll(() => t.close());

const getJson = async <T>(url: string, init: RequestInit = {}) => {
  const res = await t.app.request(url, init);
  return { status: res.status, body: (await res.json()) as T, res };
};
type Problem = { code: string; detail: string; errors: { field: string }[] };

describe('headline figures', () => {
  it('the overview gains downloads, API calls and shares, all time and the last 30 days, matching raw events', async () => {
    const { body } = await getJson<Record<string, { total: number; last_30_days: number }>>('/api/v1/stats/overview');
    const raw = async (where: string) => (await queryValue(t.db, `SELECT COUNT(*) FROM usage_events WHERE ${where}`)) as number;
    const recent = "ts >= '2026-10-28T00:00:00.000Z'";
    expect(body.downloads).toEqual({ total: await raw("kind = 'download' AND is_robot = 0"), last_30_days: await raw(`kind = 'download' AND is_robot = 0 AND ${recent}`) });
    expect(body.api_calls).toEqual({ total: await raw("kind = 'api' AND status BETWEEN 200 AND 299"), last_30_days: await raw(`kind = 'api' AND status BETWEEN 200 AND 299 AND ${recent}`) });
    const share = "consumer_department_id IS NOT NULL AND consumer_department_id <> owner_department_id AND status BETWEEN 200 AND 299 AND (kind = 'api' OR is_robot = 0)";
    expect(body.shares).toEqual({ total: await raw(share), last_30_days: await raw(`${share} AND ${recent}`) });
    expect(body.downloads!.total).toBeGreaterThan(3000);
    expect(body).toHaveProperty('datasets');
  });

  it('gives COUNTER unique figures beside the totals: each consumer once per dataset (and kind) and day', async () => {
    const { body } = await getJson<Record<string, { total: number; last_30_days: number }>>('/api/v1/stats/overview');
    const distinct = async (columns: string, where: string) =>
      (await queryValue(t.db, `SELECT COUNT(*) FROM (SELECT DISTINCT substr(ts, 1, 10), dataset_pk, ${columns} FROM usage_events WHERE ${where}) AS uses`)) as number;
    const counted = "status BETWEEN 200 AND 299 AND (kind = 'api' OR is_robot = 0)";
    expect(body.unique_downloads!.total).toBe(await distinct('unique_consumer', `kind = 'download' AND ${counted}`));
    expect(body.unique_api_calls!.total).toBe(await distinct('unique_consumer', `kind = 'api' AND ${counted}`));
    expect(body.unique_shares!.total).toBe(await distinct('kind, unique_consumer', `${counted} AND consumer_department_id IS NOT NULL AND consumer_department_id <> owner_department_id`));
    expect(body.unique_downloads!.total).toBeGreaterThan(0);
    expect(body.unique_downloads!.total).toBeLessThanOrEqual(body.downloads!.total);
  });
});

describe('per department', () => {
  it('lists every department with catalog and usage figures for a range', async () => {
    const { status, body } = await getJson<{ from: string; to: string; data: Record<string, number | string>[] }>('/api/v1/stats/departments?from=2026-06-01&to=2026-11-25');
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2026-06-01', to: '2026-11-25' });
    const downloads = (await queryValue(t.db, "SELECT COUNT(*) FROM usage_events WHERE kind = 'download' AND is_robot = 0 AND owner_department_id = ? AND ts >= '2026-06-01' AND ts < '2026-11-26'", ds.first.department_id));
    const row = body.data.find((d) => d.id === ds.first.department_id)!;
    expect(row.downloads).toBe(downloads);
    for (const key of ['datasets', 'records', 'capacity', 'api_calls', 'shares', 'unique_downloads', 'unique_api_calls', 'unique_shares', 'consumer_departments', 'punctuality', 'punctual_datasets']) expect(row).toHaveProperty(key);
    expect(row.capacity as number).toBeGreaterThan(row.records as number);
    expect(body.data).toHaveLength((await queryValue(t.db, 'SELECT COUNT(*) FROM departments')) as number);
  });

  it('refuses bad ranges with a 400 that names the parameter', async () => {
    const cases: [string, string][] = [
      ['from=2026-06-30&to=2026-01-01', 'from'],
      ['from=2026-02-30', 'from'],
      ['from=yesterday', 'from'],
      ['to=2026-1-5', 'to'],
      ['to=2030-01-01', 'to'],
      ['since=2026-01-01', 'since'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await getJson<Problem>(`/api/v1/stats/departments?${query}`);
      expect(status, query).toBe(400);
      expect(body.errors.map((e) => e.field), query).toContain(field);
    }
  });
});

describe('per dataset', () => {
  it('gives a dense series per day or month', async () => {
    const daily = await getJson<{ series: { period: string; downloads: number }[]; totals: { downloads: number } }>(`/api/v1/stats/datasets/${ds.first.id}?from=2026-11-01&to=2026-11-25&granularity=day`);
    expect(daily.status).toBe(200);
    expect(daily.body.series).toHaveLength(25);
    expect(daily.body.series[0]!.period).toBe('2026-11-01');
    const raw = (await queryValue(t.db, "SELECT COUNT(*) FROM usage_events WHERE kind = 'download' AND is_robot = 0 AND dataset_pk = ? AND ts >= '2026-11-01' AND ts < '2026-11-26'", ds.first.pk));
    expect(daily.body.totals.downloads).toBe(raw);
    const monthly = await getJson<{ series: { period: string }[] }>(`/api/v1/stats/datasets/${ds.first.id}?granularity=month`);
    expect(monthly.body.series.map((p) => p.period)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect((await getJson<Problem>(`/api/v1/stats/datasets/${ds.first.id}?granularity=week`)).body.errors[0]!.field).toBe('granularity');
    expect((await getJson<Problem>('/api/v1/stats/datasets/no-such-dataset')).status).toBe(404);
    expect((await getJson<Problem>(`/api/v1/stats/datasets/${ds.first.id}?granularity=day&from=2020-01-01`)).body.errors[0]!.field).toBe('from');
  });

  it('ranks the most used datasets', async () => {
    const { body } = await getJson<{ data: { downloads: number; api_calls: number }[] }>('/api/v1/stats/datasets?limit=5');
    expect(body.data.length).toBeGreaterThan(0);
    const use = body.data.map((d) => d.downloads + d.api_calls);
    expect(use).toEqual([...use].sort((a, b) => b - a));
  });
});

describe('my usage', () => {
  it('shows a key holder\'s calls per key per day and the quota left, signed in or with the key', async () => {
    const dev = await developer(t.app, 'usage-dev@example.com');
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) last = await t.app.request(`/api/v1/datasets/${ds.first.id}/records?limit=2`, { headers: { ...dev.headers, 'user-agent': browserUa } });
    await t.app.request(`/api/v1/datasets/${ds.first.id}/records?nonsense__op=1`, { headers: dev.headers });
    const quotaLeft = Number(last!.headers.get('x-quota-remaining'));
    const mine = await getJson<{ data: { key: { id: string; quota_remaining: number; used_today: number }; days: { day: string; calls: number; errors: number; rows: number }[] }[] }>('/api/v1/me/usage', { headers: { cookie: dev.cookie } });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0]!.days).toEqual([{ day: '2026-11-26', calls: 4, errors: 1, rows: 8, bytes: expect.any(Number) }]);
    expect(mine.body.data[0]!.key.quota_remaining).toBe(quotaLeft - 1);
    const byKey = await getJson<{ data: { key: { id: string } }[] }>('/api/v1/me/usage', { headers: dev.headers });
    expect(byKey.body.data.map((d) => d.key.id)).toEqual([dev.key.id]);
    expect((await t.app.request('/api/v1/me/usage')).status).toBe(401);
    expect((await t.app.request('/api/v1/me/usage?from=2026-11-27', { headers: { cookie: dev.cookie } })).status).toBe(400);
  });
});

describe('downloads by signed-in citizens', () => {
  it('are counted per user, not per address', async () => {
    const citizen = await signedIn(t, 'reader@example.com');
    for (const ip of ['10.0.0.1', '10.0.0.2']) await t.app.request(fileUrl(ds.first), { headers: { cookie: citizen.cookie, 'user-agent': browserUa } }, fromIp(ip));
    await t.deps.usage.flush();
    expect((await queryValue(t.db, 'SELECT COUNT(*) FROM usage_events WHERE user_id = ?', citizen.user.id))).toBe(1);
  });
});
