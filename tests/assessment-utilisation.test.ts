// Utilisation evidence in the assessment (issue 17): page views, search demand answered, apps; each indicator's value
// against its documented SQL (SQLite's text; PostgreSQL's twin), and the monthly report's apps and unmet-search sections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, fromIp, openDatasets, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { queryRow, queryRun } from './support/db-query.js';
import { testEngine } from './support/pg-test-database.js';
import { asSqlite } from '../src/db/connection.js';
import { parsePeriod } from '../src/usage/usage.period.js';

type Card = { indicators: { id: string; weight: number }[]; data: { department: { id: string }; indicators: Record<string, { value: number | null }> }[] };

let t: TestApp;
let reviewer: string;
let clock: ReturnType<typeof testClock>;
type Ds = { pk: number; id: string; department_id: string; title_zh: string; title_en: string };
let viewed: Ds; // views
let later: Ds; // first published after the zero-result search
let earlier: Ds; // first published before it, another department
let appDs: Ds; // named by the apps, with `later`
const unmet = 'no dataset has this query';

beforeAll(async () => {
  t = await createTestApp();
  clock = testClock(t, '2026-11-03T09:00:00Z');
  reviewer = (await signedIn(t, 'reviewer@kaifang.gov.cn', 'reviewer')).cookie;
  const all = (await openDatasets(t)).all;
  const row = async (pk: number) => (await queryRow<Ds>(t.db, 'SELECT pk, id, department_id, title_zh, title_en FROM datasets WHERE pk = ?', pk))!;
  viewed = await row(all[0]!.pk);
  later = await row(all[1]!.pk);
  earlier = await row(all.find((d) => d.department_id !== later.department_id)!.pk);
  appDs = await row(all.find((d) => d.department_id !== later.department_id && d.department_id !== earlier.department_id)?.pk ?? earlier.pk);

  // Views: one visitor twice a day (2 views, 1 unique), the same visitor the next day, another visitor, a robot.
  const view = async (ip: string, ua = browserUa) => expect((await t.app.request(`/datasets/${viewed.id}`, { headers: { 'user-agent': ua } }, fromIp(ip))).status).toBe(200);
  await view('10.0.0.1');
  clock.advance(60_000);
  await view('10.0.0.1');
  await view('10.0.0.9', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
  clock.set('2026-11-04T09:00:00Z');
  await view('10.0.0.1');
  await view('10.0.0.2');
  await t.deps.usage.flush();

  // Search demand: the first versions' dates as the test needs them, and the month's searches.
  await queryRun(t.db, 'UPDATE versions SET published_at = ? WHERE dataset_pk = ?', '2026-11-10T08:00:00.000Z', later.pk);
  await queryRun(t.db, 'UPDATE versions SET published_at = ? WHERE dataset_pk = ?', '2026-10-01T08:00:00.000Z', earlier.pk);
  const search = async (id: string, ts: string, query: string, results: number) =>
    await queryRun(t.db, "INSERT INTO search_log (id, ts, query, results, source, consumer_hash, opened) VALUES (?, ?, ?, ?, 'web', ?, 0)", id, ts, query, results, `a:${id}`);
  await search('s1', '2026-11-05T10:00:00.000Z', later.title_zh.toLowerCase(), 0); // answered on the 10th
  await search('s2', '2026-11-06T10:00:00.000Z', later.title_zh.toLowerCase(), 0); // the same query: counted once
  await search('s3', '2026-11-05T11:00:00.000Z', earlier.title_zh.toLowerCase(), 0); // its dataset was already there
  await search('s4', '2026-11-05T12:00:00.000Z', later.title_en.toLowerCase(), 4); // found something: no demand
  await search('s5', '2026-11-07T12:00:00.000Z', unmet, 0);
  await search('s6', '2026-11-08T12:00:00.000Z', unmet, 0);

  // Apps: approved in November naming two departments' datasets, pending, approved in October.
  const submitter = (await signedIn(t, 'dev@example.com')).user.id;
  const app = async (id: string, status: string, decidedAt: string | null, pks: number[], demo = 0) => {
    await queryRun(t.db, "INSERT INTO apps (id, name_zh, name_en, kind, description_zh, contact, submitted_by, status, decided_at, created_at, updated_at, is_demo) VALUES (?, ?, ?, 'web_app', '说明', 'dev@example.com', ?, ?, ?, '2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', ?)",
      id, `应用${id}`, `App ${id}`, submitter, status, decidedAt, demo);
    for (const pk of new Set(pks)) await queryRun(t.db, 'INSERT INTO app_datasets (app_id, dataset_pk) VALUES (?, ?)', id, pk);
  };
  await app('app-approved', 'approved', '2026-11-12T03:00:00.000Z', [later.pk, appDs.pk]);
  await app('app-demo', 'approved', '2026-11-13T03:00:00.000Z', [later.pk], 1);
  await app('app-pending', 'pending', null, [later.pk, appDs.pk]);
  await app('app-rejected', 'rejected', '2026-11-14T03:00:00.000Z', [later.pk, appDs.pk]);
  await app('app-october', 'approved', '2026-10-20T03:00:00.000Z', [later.pk]);
  clock.set('2026-11-26T12:00:00Z');
});
afterAll(() => t.close());

const card = async (period: string) => {
  const res = await t.app.request(`/api/v1/assessment?period=${period}`, { headers: { cookie: reviewer } });
  expect(res.status).toBe(200);
  return (await res.json()) as Card;
};
const value = (c: Card, department: string, id: string) => c.data.find((r) => r.department.id === department)!.indicators[id]!.value;

describe('utilisation indicators', () => {
  it('weighs views, apps and search demand answered from config/assessment.json', async () => {
    const c = await card('2026-11');
    expect(Object.fromEntries(c.indicators.filter((i) => ['views', 'apps', 'search_demand_answered'].includes(i.id)).map((i) => [i.id, i.weight])))
      .toEqual({ views: 6, apps: 6, search_demand_answered: 3 });
  });

  it('counts unique page views: a visitor once per dataset and day, robots left out', async () => {
    const c = await card('2026-11');
    expect(value(c, viewed.department_id, 'views')).toBe(3); // 10.0.0.1 on the 3rd and 4th, 10.0.0.2 on the 4th
    expect(value(await card('2026-10'), viewed.department_id, 'views')).toBe(0);
  });

  it('credits a zero-result query to the department whose dataset was first published after it, not one published before', async () => {
    const c = await card('2026-11');
    expect(value(c, later.department_id, 'search_demand_answered')).toBe(1);
    expect(value(c, earlier.department_id, 'search_demand_answered')).toBe(0);
  });

  it('counts approved apps in the month of approval, once per department whose data they use; pending and rejected ones not', async () => {
    const nov = await card('2026-11');
    expect(value(nov, later.department_id, 'apps')).toBe(2); // app-approved and the demo app
    if (appDs.department_id !== later.department_id) expect(value(nov, appDs.department_id, 'apps')).toBe(1);
    expect(value(await card('2026-10'), later.department_id, 'apps')).toBe(1);
  });

  it('gives on both engines the values the documented SQL recomputes', async () => {
    for (const label of ['2026-11', '2026-10', '2026']) {
      const c = await card(label);
      if (testEngine === 'postgres') continue; // the documented text is SQLite's; PostgreSQL ran its twin above
      const period = parsePeriod(label, 'period', t.deps.now());
      const utilisation = t.deps.indicators.filter((i) => ['views', 'apps', 'search_demand_answered'].includes(i.id));
      expect(utilisation.map((i) => i.id).sort()).toEqual(['apps', 'search_demand_answered', 'views']);
      for (const indicator of utilisation) {
        const rows = asSqlite(t.db).$client.prepare(indicator.sql).all({ start: period.start, end: period.end, as_of: period.asOf }) as { department_id: string; value: number }[];
        const raw = new Map(rows.map((r) => [r.department_id, r.value]));
        for (const row of c.data) expect(row.indicators[indicator.id]!.value, `${label} ${indicator.id} ${row.department.id}`).toBe(raw.get(row.department.id) ?? 0);
      }
    }
  });
});

describe('the monthly report', () => {
  it('lists the apps approved in the month per department, linked, and the unmet search demand with what answered it', async () => {
    const res = await t.app.request('/api/v1/reports/monthly/2026-11.html', { headers: { cookie: reviewer } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const apps = html.slice(html.indexOf('应用成果 Apps'), html.indexOf('未满足的搜索需求 Unmet search demand'));
    expect(apps).toContain('<a href="/apps/app-approved">应用app-approved</a>');
    expect(apps).toContain('应用app-demo</a>（演示 Demo）');
    expect(apps).not.toContain('app-pending');
    expect(apps).not.toContain('app-rejected');
    expect(apps).not.toContain('app-october');
    const search = html.slice(html.indexOf('未满足的搜索需求 Unmet search demand'));
    expect(search).toContain(`<td>${unmet}</td><td class="num">2</td>`);
    const answered = search.slice(search.indexOf(`<td>${later.title_zh.toLowerCase()}</td>`));
    expect(answered.slice(0, answered.indexOf('</tr>'))).toContain(`<a href="/datasets/${later.id}">${later.title_zh}</a>`);
    const notAnswered = search.slice(search.indexOf(`<td>${earlier.title_zh.toLowerCase()}</td>`));
    expect(notAnswered.slice(0, notAnswered.indexOf('</tr>'))).toContain('尚未满足 Not yet answered');
  });
});
