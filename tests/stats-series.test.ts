// Statistics ranges: days before the portal's records begin are refused, the usual ranges are labelled right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { openDatasets, testClock, type TestApp } from './usage.helpers.js';
import { seedDemoUsage } from '../src/usage/demo-usage.js';
import { queryValue } from './support/db-query.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  testClock(t, '2026-11-26T12:00:00Z');
  await seedDemoUsage(t.db, t.deps.now(), { scale: 0.01 });
});
afterAll(() => t.close());

type Problem = { status: number; code: string; detail: string; errors: { field: string }[] };
type Series = { from: string; to: string; series: { period: string; downloads: number; unique_downloads: number }[]; totals: { downloads: number; unique_downloads: number } };

describe('years before the records begin', () => {
  it('are refused with a 400 problem naming the parameter, on every statistics route', async () => {
    const ds = (await openDatasets(t)).first;
    const cases: [string, string][] = [
      ['/api/v1/stats/series?from=0999-01-01&granularity=month', 'from'],
      ['/api/v1/stats/series?from=0999-01-01&to=0999-12-31&granularity=day', 'to'],
      ['/api/v1/stats/series?from=0050-01-01&to=2026-03-01', 'from'],
      ['/api/v1/stats/series?from=1999-12-31&to=2000-01-31&granularity=day', 'from'],
      [`/api/v1/stats/datasets/${ds.id}?from=0999-01-01`, 'from'],
      ['/api/v1/stats/departments?from=0001-01-01', 'from'],
      ['/api/v1/stats/datasets?from=0999-06-01&to=2026-01-01', 'from'],
    ];
    for (const [url, field] of cases) {
      const res = await t.app.request(url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as Problem;
      expect(body.code, url).toBe('invalid_parameter');
      expect(body.errors.map((e) => e.field), url).toContain(field);
      expect(body.detail, url).toContain(`'${field}'`);
      expect(body.detail, url).toContain('before');
    }
  });

  it('from 2000-01-01 a monthly series has every month, labelled with its four-digit year', async () => {
    const res = await t.app.request('/api/v1/stats/series?from=2000-01-01&to=2026-11-26&granularity=month');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Series;
    expect(body.series).toHaveLength(26 * 12 + 11);
    expect(body.series[0]!.period).toBe('2000-01');
    expect(body.series.at(-1)!.period).toBe('2026-11');
    expect(body.series.every((p) => /^\d{4}-\d{2}$/.test(p.period))).toBe(true);
  });
});

describe('the usual ranges', () => {
  it('a monthly series of the last year adds up to its totals, unique figures beside the totals', async () => {
    const res = await t.app.request('/api/v1/stats/series?from=2025-12-01&to=2026-11-25&granularity=month');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Series;
    expect(body.series.map((p) => p.period)).toEqual(['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    expect(body.totals.downloads).toBe(body.series.reduce((s, p) => s + p.downloads, 0));
    expect(body.totals.unique_downloads).toBe(body.series.reduce((s, p) => s + p.unique_downloads, 0));
    expect(body.totals.unique_downloads).toBeGreaterThan(0);
    expect(body.totals.unique_downloads).toBeLessThanOrEqual(body.totals.downloads);
    const raw = (await queryValue(t.db, "SELECT COUNT(*) FROM (SELECT DISTINCT substr(ts, 1, 10), dataset_pk, unique_consumer FROM usage_events WHERE kind = 'download' AND is_robot = 0 AND status BETWEEN 200 AND 299 AND ts >= '2025-12-01' AND ts < '2026-11-26') AS uses"));
    expect(body.totals.unique_downloads).toBe(raw);
  });

  it('a daily series labels every day', async () => {
    const res = await t.app.request('/api/v1/stats/series?from=2026-02-27&to=2026-03-02&granularity=day');
    expect(res.status).toBe(200);
    expect(((await res.json()) as Series).series.map((p) => p.period)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
