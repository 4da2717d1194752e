// Issue 17: dataset page views counted under the downloads' COUNTER rules, shown on the dataset page and /stats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, eventCount, fromIp, openDatasets, testClock, type TestApp } from './usage.helpers.js';
import { queryRow } from './support/db-query.js';

let t: TestApp;
let clock: ReturnType<typeof testClock>;
let ds: Awaited<ReturnType<typeof openDatasets>>;
beforeAll(async () => {
  t = await createTestApp();
  clock = testClock(t, '2026-03-10T10:00:00Z');
  ds = await openDatasets(t);
});
afterAll(() => t.close());

const visit = (url: string, ip = '203.0.113.7', ua = browserUa, method = 'GET') => t.app.request(url, { method, headers: { 'user-agent': ua } }, fromIp(ip));
const views = (pk: number) => eventCount(t, "kind = 'view' AND dataset_pk = ? AND is_robot = 0", pk);
const shownViews = (html: string) => Number(/(?:浏览次数|Page views)<\/dt>\s*<dd>([\d,]+)<\/dd>/.exec(html)?.[1]?.replace(/,/g, ''));

describe('dataset page views', () => {
  it('counts a view of the HTML page once within 30 s, again after it, in both languages', async () => {
    const d = ds.first;
    expect((await visit(`/datasets/${d.id}`)).status).toBe(200);
    clock.advance(10_000);
    expect((await visit(`/en/datasets/${d.id}`)).status).toBe(200); // the same page in English, 10 s later: a double click
    expect(await views(d.pk)).toBe(1);
    clock.advance(25_000);
    await visit(`/datasets/${d.id}`);
    expect(await views(d.pk)).toBe(2);
    const event = await queryRow<{ owner_department_id: string; status: number }>(t.db, "SELECT owner_department_id, status FROM usage_events WHERE kind = 'view' AND dataset_pk = ?", d.pk);
    expect(event).toEqual({ owner_department_id: d.department_id, status: 200 });
  });

  it('does not count robots, HEAD or a page that does not exist', async () => {
    const d = ds.other;
    clock.advance(60_000);
    await visit(`/datasets/${d.id}`, '198.51.100.1', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    await visit(`/datasets/${d.id}`, '198.51.100.2', 'python-requests/2.31');
    await visit(`/datasets/${d.id}`, '198.51.100.3', browserUa, 'HEAD');
    expect((await visit('/datasets/no-such-dataset', '198.51.100.4')).status).toBe(404);
    expect(await views(d.pk)).toBe(0);
    expect(await eventCount(t, "kind = 'view' AND dataset_pk = ? AND is_robot = 1", d.pk)).toBe(2);
  });

  it('counts each visitor once a day in the unique figure (COUNTER), every counted view in the total', async () => {
    const d = ds.all[2]!;
    clock.set('2026-03-11T08:00:00Z');
    await visit(`/datasets/${d.id}`, '192.0.2.10');
    clock.advance(60_000);
    await visit(`/datasets/${d.id}`, '192.0.2.10');
    clock.advance(60_000);
    await visit(`/datasets/${d.id}`, '192.0.2.11');
    clock.set('2026-03-12T08:00:00Z');
    await visit(`/datasets/${d.id}`, '192.0.2.10');
    await t.deps.usage.flush();
    const daily = await queryRow<{ count: number; uniques: number }>(t.db, "SELECT SUM(count) AS count, SUM(uniques) AS uniques FROM usage_daily WHERE kind = 'view' AND dataset_pk = ?", d.pk);
    expect(daily).toEqual({ count: 4, uniques: 3 });
  });

  it('shows the views on the dataset page and beside downloads and API calls on /stats and in the overview API', async () => {
    await t.deps.usage.flush();
    const html = await (await visit(`/datasets/${ds.first.id}`, '192.0.2.99')).text();
    expect(shownViews(html)).toBe(2); // this view is counted after the page was made
    expect(shownViews(await (await visit(`/en/datasets/${ds.other.id}`, '192.0.2.99')).text())).toBe(0);
    await t.deps.usage.flush();
    const total = await eventCount(t, "kind = 'view' AND is_robot = 0");
    const overview = (await (await t.app.request('/api/v1/stats/overview')).json()) as Record<string, { total: number }>;
    expect(overview.views!.total).toBe(total);
    expect(overview.unique_views!.total).toBeGreaterThan(0);
    const stats = await (await t.app.request('/stats')).text();
    expect(stats).toMatch(new RegExp(`数据集浏览量（[^<]*）</span>\\s*<span class="value">${total}</span>`));
    expect(await (await t.app.request('/en/stats')).text()).toContain('Dataset page views');
  });
});
