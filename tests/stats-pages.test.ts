// The statistics pages: public figures, the reviewers' dashboard (sortable without JavaScript), the drill-down, local ECharts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { openDatasets, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { seedDemoUsage } from '../src/usage/demo-usage.js';

let t: TestApp;
let reviewer: string;
beforeAll(async () => {
  t = await createTestApp();
  testClock(t, '2026-11-26T12:00:00Z');
  await seedDemoUsage(t.db, t.deps.now(), { scale: 0.01 });
  reviewer = (await signedIn(t, 'reviewer@kaifang.gov.cn', 'reviewer')).cookie;
});
afterAll(() => t.close());

const page = async (url: string, cookie?: string) => {
  const res = await t.app.request(url, { headers: cookie ? { cookie } : {} });
  return { res, html: await res.text() };
};

describe('public statistics page', () => {
  it('shows headline figures, a chart with its data table, top datasets and departments, in both languages', async () => {
    const { res, html } = await page('/stats');
    expect(res.status).toBe(200);
    expect(html).toContain('数据使用统计');
    expect(html).toContain('data-chart="monthly-downloads"');
    expect(html).toContain('<table class="data-table">');
    expect(html).toMatch(/<link rel="alternate" type="application\/json" href="\/api\/v1\/stats\/departments\?from=/);
    const overview = (await (await t.app.request('/api/v1/stats/overview')).json()) as { downloads: { total: number } };
    expect(html).toContain(overview.downloads.total.toLocaleString('zh-CN'));
    expect(html).toContain('aria-current="page"');
    const en = await page('/en/stats');
    expect(en.res.status).toBe(200);
    expect(en.html).toContain('Usage statistics');
    expect(en.html).toContain('Downloads per month');
  });

  it('serves ECharts and the chart script from the portal, gzipped and cacheable', async () => {
    const { html } = await page('/stats');
    const src = /<script src="(\/assets\/stats\/echarts\.min\.js\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const res = await t.app.request(src, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await t.app.request(src, { headers: { 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
    expect((await t.app.request('/assets/stats/nothing.js')).status).toBe(404);
  });
});

describe('reviewer dashboard', () => {
  it('sends the signed out to sign in and refuses other roles', async () => {
    const out = await t.app.request('/reviewer?period=2026');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/signin?next=%2Freviewer%3Fperiod%3D2026');
    const user = await signedIn(t, 'citizen@example.com');
    expect((await page('/reviewer', user.cookie)).res.status).toBe(403);
  });

  it('ranks departments and sorts by an indicator on the server', async () => {
    const { res, html } = await page('/reviewer?period=2026&sort=-shares', reviewer);
    expect(res.status).toBe(200);
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain('href="/reviewer?period=2026&amp;sort=shares"');
    expect(html).toContain('href="/reviewer?period=2026&amp;sort=-downloads"');
    const card = (await (await t.app.request('/api/v1/assessment?period=2026&sort=-shares', { headers: { cookie: reviewer } })).json()) as { data: { department: { id: string } }[] };
    const order = [...html.matchAll(/href="\/reviewer\/departments\/([a-z-]+)\?period=2026"/g)].map((m) => m[1]);
    expect(order).toEqual(card.data.map((r) => r.department.id));
    expect(html).toContain('/api/v1/reports/monthly/2026-11.csv?bom=1');
    expect(html).toContain('考核看板');
    const bad = await page('/reviewer?period=2031', reviewer);
    expect(bad.res.status).toBe(400);
  });

  it('drills into a department with a time series and the departments its data reached', async () => {
    const dept = (await openDatasets(t)).first.department_id;
    const { res, html } = await page(`/en/reviewer/departments/${dept}?period=2026`, reviewer);
    expect(res.status).toBe(200);
    expect(html).toContain('data-chart="use-over-time"');
    expect(html).toContain('Departments its data reached');
    expect((await page('/reviewer/departments/nowhere?period=2026', reviewer)).res.status).toBe(404);
  });
});
