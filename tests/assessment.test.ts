// The departments' scorecard: reviewers only, every figure recomputable from raw events with the documented SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, fileUrl, fromIp, openDatasets, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { seedDemoUsage } from '../src/usage/demo-usage.js';
import type { Indicator } from '../src/usage/assessment.indicators.js';
import { createApp } from '../src/app.js';
import { loadAssessmentConfig } from '../src/usage/assessment.config.js';
import { parsePeriod } from '../src/usage/usage.period.js';
import { createKey } from '../src/keys/keys.service.js';
import { queryRows, queryValue } from './support/db-query.js';
import { testEngine } from './support/pg-test-database.js';
import { asSqlite } from '../src/db/connection.js';

type Card = {
  period: string;
  indicators: { id: string; weight: number; higher_is_better: boolean }[];
  data: { rank: number; department: { id: string }; total: number; indicators: Record<string, { value: number | null; score: number | null }>; shares_by_consumer: { department_id: string; shares: number }[] }[];
};

let t: TestApp;
let reviewer: string;
let publisher: string;
let ds: Awaited<ReturnType<typeof openDatasets>>;
beforeAll(async () => {
  t = await createTestApp();
  testClock(t, '2026-11-26T12:00:00Z');
  await seedDemoUsage(t.db, t.deps.now(), { scale: 0.02 });
  ds = (await openDatasets(t));
  reviewer = (await signedIn(t, 'reviewer@kaifang.gov.cn', 'reviewer')).cookie;
  publisher = (await signedIn(t, 'pub@kaifang.gov.cn', 'publisher', ds.first.department_id)).cookie;
  // Live use on top of the demo history: a department user's download, department and citizen keys, a robot.
  const outsider = await signedIn(t, 'analyst@other.gov.cn', 'publisher', ds.other.department_id);
  await t.app.request(fileUrl(ds.first), { headers: { cookie: outsider.cookie, 'user-agent': browserUa } }, fromIp('10.1.1.1'));
  await t.app.request(fileUrl(ds.first, 'json'), { headers: { 'user-agent': 'curl/8.0' } }, fromIp('10.1.1.2'));
  const deptKey = await createKey(t.db, outsider.user, 'dept', t.deps.now());
  for (let i = 0; i < 3; i++) await t.app.request(`/api/v1/datasets/${ds.first.id}/records?limit=5`, { headers: { authorization: `Bearer ${deptKey.secret}` } });
  await t.app.request(`/api/v1/datasets/${ds.first.id}/records?no_such_field=1`, { headers: { authorization: `Bearer ${deptKey.secret}` } });
  await t.deps.usage.flush();
});
afterAll(() => t.close());

const assessment = async (query: string, cookie = reviewer) => t.app.request(`/api/v1/assessment${query}`, { headers: { cookie } });
const card = async (query: string) => {
  const res = await assessment(query);
  expect(res.status).toBe(200);
  return (await res.json()) as Card;
};

describe('who may see it', () => {
  it('answers 401 signed out and 403 to users and publishers', async () => {
    expect((await t.app.request('/api/v1/assessment?period=2026')).status).toBe(401);
    expect((await assessment('?period=2026', publisher)).status).toBe(403);
    const citizen = await signedIn(t, 'someone@example.com');
    const res = await assessment('?period=2026', citizen.cookie);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('forbidden');
    expect((await t.app.request('/api/v1/reports/monthly/2026-10.csv', { headers: { cookie: publisher } })).status).toBe(403);
    expect((await t.app.request(`/api/v1/assessment/departments/${ds.first.department_id}?period=2026`, { headers: { cookie: publisher } })).status).toBe(403);
  });

  it('refuses malformed and future periods with a 400 naming the parameter', async () => {
    for (const period of ['26', '2026-13', '2026-1', 'last-year', '2027', '2026-12-01']) {
      const res = await assessment(`?period=${period}`);
      expect(res.status, period).toBe(400);
      const body = (await res.json()) as { code: string; errors: { field: string }[]; detail: string };
      expect(body.errors[0]!.field).toBe('period');
      expect(body.detail).toContain("'period'");
    }
    expect((await assessment('?period=2026&color=red')).status).toBe(400);
    const sort = await assessment('?period=2026&sort=popularity');
    expect(sort.status).toBe(400);
    expect(((await sort.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('sort');
    const month = await t.app.request('/api/v1/reports/monthly/2026-13.csv', { headers: { cookie: reviewer } });
    expect(month.status).toBe(400);
    expect(((await month.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('month');
    expect((await t.app.request('/api/v1/reports/monthly/2027-01.html', { headers: { cookie: reviewer } })).status).toBe(400);
  });
});

describe('the scorecard', () => {
  it('has every department, ranked by the weighted mean of normalised scores with the configured weights', async () => {
    const c = await card('?period=2026');
    const weights = loadAssessmentConfig().weights;
    expect(c.data).toHaveLength((await queryValue(t.db, 'SELECT COUNT(*) FROM departments')) as number);
    for (const i of c.indicators) expect(i.weight).toBe(weights[i.id] ?? 0);
    for (const i of c.indicators) {
      if (!i.higher_is_better) continue;
      const best = Math.max(...c.data.map((r) => r.indicators[i.id]!.value ?? 0));
      for (const r of c.data.filter((x) => x.indicators[i.id]!.value !== null)) {
        if (best > 0) expect(r.indicators[i.id]!.score).toBeCloseTo((r.indicators[i.id]!.value! / best) * 100, 1);
        else expect(r.indicators[i.id]!.score).toBeNull(); // nobody has any: not scored this period
      }
    }
    for (const r of c.data) {
      // An indicator that does not apply to a department (no value) is left out of its mean.
      const applicable = c.indicators.filter((i) => r.indicators[i.id]!.score !== null);
      const sum = applicable.reduce((s, i) => s + i.weight * r.indicators[i.id]!.score!, 0);
      const w = applicable.reduce((s, i) => s + i.weight, 0);
      expect(r.total).toBeCloseTo(sum / w, 1);
    }
    const totals = c.data.map((r) => r.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(c.data[0]!.rank).toBe(1);
    c.data.forEach((r, i) => i > 0 && expect(r.rank).toBe(r.total === c.data[i - 1]!.total ? c.data[i - 1]!.rank : i + 1));
  });

  // The documented SQL (README, `indicator.sql`) is SQLite's, with :named parameters: run on the SQLite pass only.
  it.skipIf(testEngine === 'postgres')('recomputes every figure of the year and of a month from raw events with the documented SQL', async () => {
    for (const label of ['2026', '2026-11', '2026-03']) {
      const c = await card(`?period=${label}`);
      const period = parsePeriod(label, 'period', t.deps.now());
      const params = { start: period.start, end: period.end, as_of: period.asOf };
      for (const indicator of t.deps.indicators) {
        const raw = new Map((asSqlite(t.db).$client.prepare(indicator.sql).all(params) as { department_id: string; value: number }[]).map((r) => [r.department_id, r.value]));
        for (const row of c.data) {
          const value = row.indicators[indicator.id]!.value;
          const where = `${label} ${indicator.id} ${row.department.id}`;
          if (raw.has(row.department.id)) expect(value, where).toBeCloseTo(raw.get(row.department.id)!, 2);
          else expect(value === null || value === 0, where).toBe(true);
        }
      }
      const shares = c.data.reduce((s, r) => s + r.indicators.shares!.value!, 0);
      expect(c.data.reduce((s, r) => s + r.shares_by_consumer.reduce((a, x) => a + x.shares, 0), 0)).toBe(shares);
    }
  });

  it('counts the live department download and API calls as shares, not the robot download nor the failed call', async () => {
    const c = await card('?period=2026-11');
    const owner = c.data.find((r) => r.department.id === ds.first.department_id)!;
    const consumer = owner.shares_by_consumer.find((s) => s.department_id === ds.other.department_id);
    // Unique shares: the download and the three calls with one key are two uses (one per kind) on top of the demo's.
    const demo = (await queryValue(t.db, "SELECT COALESCE(SUM(u.uniques), 0) FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk WHERE u.is_demo = 1 AND u.day >= '2026-11-01' AND d.department_id = ? AND u.consumer_department_id = ?", ds.first.department_id, ds.other.department_id)) as number;
    expect(consumer?.shares).toBe(demo + 2);
    const live = (await queryRows(t.db, 'SELECT kind, status, is_robot FROM usage_events WHERE is_demo = 0 ORDER BY id'));
    expect(live).toEqual([
      { kind: 'download', status: 200, is_robot: 0 },
      { kind: 'download', status: 200, is_robot: 1 },
      // No User-Agent: flagged, yet API calls count per 2xx response whatever the client (usage.rules.ts).
      { kind: 'api', status: 200, is_robot: 1 },
      { kind: 'api', status: 200, is_robot: 1 },
      { kind: 'api', status: 200, is_robot: 1 },
      { kind: 'api', status: 400, is_robot: 1 },
    ]);
  });

  it('sorts server-side by any indicator, ascending, and descending with a minus (as every sort of the API)', async () => {
    const byShares = await card('?period=2026&sort=-shares');
    const values = byShares.data.map((r) => r.indicators.shares!.value!);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThan(values.at(-1)!);
    const asc = (await card('?period=2026&sort=downloads')).data.map((r) => r.indicators.downloads!.value!);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc[0]).toBeLessThan(asc.at(-1)!);
    const byRank = (await card('?period=2026&sort=-rank')).data.map((r) => r.rank);
    expect(byRank).toEqual([...byRank].sort((a, b) => b - a));
  });

  it('takes the indicators it is built with, a new one unscored until it gets a weight', async () => {
    const before = await card('?period=2026');
    const extra: Indicator = { id: 'test_constant', label_zh: '测试', label_en: 'Test', description: 'test', higherIsBetter: false, compute: async () => new Map([[ds.first.department_id, 5]]), sql: "SELECT 'x' AS department_id, 0 AS value" };
    const other = await createApp({ db: t.db, env: t.deps.env, filesDir: t.deps.filesDir, secret: 'test-secret-test-secret', now: () => t.deps.now(), usage: false, indicators: [...t.deps.indicators, extra] });
    try {
      const res = await other.app.request('/api/v1/assessment?period=2026', { headers: { cookie: reviewer } });
      const after = (await res.json()) as Card;
      expect(after.indicators.at(-1)).toMatchObject({ id: 'test_constant', weight: 0, higher_is_better: false });
      expect(after.data.map((r) => r.total)).toEqual(before.data.map((r) => r.total));
      expect(after.data.find((r) => r.department.id === ds.first.department_id)!.indicators.test_constant).toEqual({ value: 5, score: 0 });
      expect(after.data.find((r) => r.department.id === ds.other.department_id)!.indicators.test_constant).toEqual({ value: 0, score: 100 });
      expect((await card('?period=2026')).indicators.map((i) => i.id)).toEqual(before.indicators.map((i) => i.id)); // the first app's are its own
    } finally {
      await other.close();
    }
  });

  it('drills into one department: series, consumer departments, datasets', async () => {
    const res = await t.app.request(`/api/v1/assessment/departments/${ds.first.department_id}?period=2026`, { headers: { cookie: reviewer } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { granularity: string; series: { period: string; downloads: number }[]; consumers: unknown[]; datasets: { id: string }[] };
    expect(body.granularity).toBe('month');
    expect(body.series.map((p) => p.period)).toEqual(Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(body.consumers.length).toBeGreaterThan(0);
    expect(body.datasets.some((d) => d.id === ds.first.id)).toBe(true);
    expect((await t.app.request('/api/v1/assessment/departments/nowhere?period=2026', { headers: { cookie: reviewer } })).status).toBe(404);
  });
});

describe('monthly report', () => {
  it('downloads the scorecard as CSV', async () => {
    const res = await t.app.request('/api/v1/reports/monthly/2026-10.csv?bom=1', { headers: { cookie: reviewer } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('kaifang-report-2026-10.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    // The Excel variant speaks Chinese: the indicators by their names (issue 16).
    const indicators = (await card('?period=2026-10')).indicators as unknown as { label_zh: string }[];
    expect(text.split('\r\n')[0]).toBe(['统计期', '排名', '部门标识', '部门名称', '部门英文名称', '总分', ...indicators.flatMap((i) => [i.label_zh, `${i.label_zh}得分`])].join(','));
    expect(text).toContain(',下载量,下载量得分,');
    const plain = new TextDecoder().decode(await (await t.app.request('/api/v1/reports/monthly/2026-10.csv', { headers: { cookie: reviewer } })).arrayBuffer());
    expect(plain.startsWith('period,rank,department_id')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + ((await queryValue(t.db, 'SELECT COUNT(*) FROM departments')) as number));
    const c = await card('?period=2026-10');
    const first = lines[1]!.split(',');
    expect(first.slice(0, 3)).toEqual(['2026-10', '1', c.data[0]!.department.id]);
  });

  it('prints as HTML with server-side SVG charts and no script', async () => {
    const res = await t.app.request('/api/v1/reports/monthly/2026-10.html', { headers: { cookie: reviewer } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    expect(html).toContain('数据开放共享月度监测报告（2026-10）');
    expect(html).toContain('未按期更新');
    // A page of the portal: a main landmark, a way back, named sections; no file names of the project in its text.
    expect(html).toMatch(/<main>[\s\S]*<h1>数据开放共享月度监测报告（2026-10）<\/h1>[\s\S]*<\/main>/);
    expect(html).toContain('<a href="/">马鞍山市公共数据开放平台');
    expect(html).toContain('<section aria-labelledby="ranking">');
    expect(html.replace(/<[^>]*>/g, ' ')).not.toMatch(/\.json\b|README/);
    expect(html).toContain('@media print');
    expect((await t.app.request('/api/v1/reports/monthly/2026-10.pdf', { headers: { cookie: reviewer } })).status).toBe(404);
  });
});
