// Issue 17: catalog searches logged without identity, opened results, and the reviewers' search demand page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchLogWriter } from '../src/usage/search-log.store.js';
import { testEngine } from './support/pg-test-database.js';
import { createTestApp } from './helpers.js';
import { browserUa, fromIp, signedIn, testClock, type TestApp } from './usage.helpers.js';
import { queryRows } from './support/db-query.js';
import { form } from './demand.helpers.js';

let t: TestApp;
let clock: ReturnType<typeof testClock>;
let reviewer: { cookie: string; user: { id: string } };
beforeAll(async () => {
  t = await createTestApp();
  clock = testClock(t, '2026-05-10T10:00:00Z');
  reviewer = await signedIn(t, 'reviewer@kaifang.gov.cn', 'reviewer');
});
afterAll(() => t.close());

type Logged = { id: string; ts: string; query: string; results: number; source: string; consumer_hash: string; opened: number };
const logged = async (query: string): Promise<Logged[]> => {
  await t.deps.usage.flush();
  return await queryRows<Logged>(t.db, 'SELECT * FROM search_log WHERE query = ? ORDER BY ts, id', query);
};
const get = (url: string, ip = '203.0.113.7', headers: Record<string, string> = {}) => t.app.request(url, { headers: { 'user-agent': browserUa, ...headers } }, fromIp(ip));

describe('search log', () => {
  it('logs a catalog search normalised, with its result count, and nothing that says who searched', async () => {
    const me = await signedIn(t, 'searcher@example.com');
    const html = await (await get(`/datasets?q=${encodeURIComponent('  公交   ＬＩＮＥ ')}`, '203.0.113.7', { cookie: me.cookie })).text();
    const total = Number(/class="results-count">[^<\d]*(\d+)/.exec(html)?.[1]);
    const rows = await logged('公交 line');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ query: '公交 line', results: total, source: 'web', opened: 0 });
    // No address, no user id, no session: only the daily-salted hash (anonymous even for a signed-in person).
    const stored = JSON.stringify(rows[0]);
    for (const secret of ['203.0.113.7', me.user.id, me.cookie.split('=')[1]!, 'searcher']) expect(stored).not.toContain(secret);
    expect(rows[0]!.consumer_hash).toMatch(/^a:/);
    const columns = Object.keys(rows[0]!);
    expect(columns).not.toContain('user_id');
    expect(columns).not.toContain('ip');
  });

  it('logs API searches too (first page only), not robots, and a reload within 30 s once', async () => {
    const res = await get('/api/v1/datasets?q=%E5%AD%A6%E6%A0%A1', '198.51.100.20');
    const body = (await res.json()) as { total: number };
    clock.advance(1_000);
    await get('/datasets?q=学校', '198.51.100.21', { 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)' });
    await get('/datasets?q=学校', '198.51.100.22');
    clock.advance(5_000);
    await get('/datasets?q=学校', '198.51.100.22'); // a reload
    const rows = await logged('学校');
    expect(rows.map((r) => [r.source, r.results])).toEqual([['api', body.total], ['web', body.total]]);
  });

  it('marks a search opened when one of its results is opened from the list', async () => {
    clock.advance(60_000);
    const html = await (await get('/datasets?q=公交', '198.51.100.30')).text();
    const link = /href="(\/datasets\/[^"?]+\?from=search-[A-Za-z0-9_-]+)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    expect((await logged('公交'))[0]!.opened).toBe(0);
    expect((await get(link!.replace(/&amp;/g, '&'), '198.51.100.30')).status).toBe(200);
    expect((await logged('公交'))[0]!.opened).toBe(1);
  });
});

describe('search log writes', () => {
  // SQLite writes on the serving thread; PostgreSQL's writes wait on the network, not on this thread.
  it.skipIf(testEngine === 'postgres')('writes a second of heavy searching (6,000 searches, some opened) whole, without holding the serving thread', async () => {
    const writer = createSearchLogWriter(t.db);
    const searches = Array.from({ length: 6000 }, (_, i) => ({ id: `heavy-${String(i).padStart(10, '0')}`, ts: '2020-01-01T00:00:01.000Z', query: `heavy ${i % 40}`, results: 1 + (i % 5), source: 'web' as const, consumerHash: `h${i % 900}` }));
    const opened = searches.filter((_, i) => i % 100 === 0).map((s) => s.id);
    // As one transaction this held the serving thread ~100 ms (2-core dev machine), when nothing else was answered:
    // the longest gap between the ticks of a 1 ms timer running beside the write is how long a request would wait.
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const at = performance.now();
      longest = Math.max(longest, at - last);
      last = at;
    }, 1);
    expect(await writer.write(searches, opened, true)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    clearInterval(ticker);
    const [row] = await queryRows<{ n: number; opened: number }>(t.db, "SELECT COUNT(*) AS n, SUM(opened) AS opened FROM search_log WHERE id LIKE 'heavy-%'");
    expect(row).toEqual({ n: 6000, opened: 60 });
    // ~8 ms now (one slice, or a WAL checkpoint); the bound leaves room for a loaded CI machine.
    expect(longest).toBeLessThan(50);
    // Written again (a batch cut short is retried whole): nothing doubles.
    expect(await writer.write(searches.slice(0, 300), [], true)).toBe(true);
    expect((await queryRows<{ n: number }>(t.db, "SELECT COUNT(*) AS n FROM search_log WHERE id LIKE 'heavy-%'"))[0]!.n).toBe(6000);
  });
});

describe('/reviewer/search', () => {
  it('is for reviewers and admins only', async () => {
    const out = await t.app.request('/reviewer/search');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toContain('/signin?next=%2Freviewer%2Fsearch');
    const user = await signedIn(t, 'citizen@example.com');
    expect((await t.app.request('/en/reviewer/search', { headers: { cookie: user.cookie } })).status).toBe(403);
    const admin = await signedIn(t, 'admin2@kaifang.gov.cn', 'admin');
    expect((await t.app.request('/reviewer/search', { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('lists zero-result queries and turns one into a new-data request addressed to the chosen department in one step', async () => {
    clock.advance(60_000);
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await get('/datasets?q=xyzzy%20plugh', ip);
    await get('/datasets?q=公交', '192.0.2.4');
    await t.deps.usage.flush();
    const page = await t.app.request('/reviewer/search', { headers: { cookie: reviewer.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const zero = html.slice(html.indexOf('id="zero-results"'), html.indexOf('id="zero-trend-title"'));
    expect(zero).toContain('<th scope="row">xyzzy plugh</th>');
    expect(zero).not.toContain('>公交</th>');
    expect(zero).toContain('action="/demand/new"');
    expect(html).toContain('2026-05'); // the trend's month
    expect(html).toContain('>xyzzy plugh</th>'); // also among the top queries
    const en = await (await t.app.request('/en/reviewer/search', { headers: { cookie: reviewer.cookie } })).text();
    expect(en).toContain('Queries with no results');
    expect(en).toContain('action="/en/demand/new"');
    // The reviewer dashboard links here.
    expect(await (await t.app.request('/reviewer', { headers: { cookie: reviewer.cookie } })).text()).toContain('href="/reviewer/search"');

    // The form as the page has it: its hidden fields, the prefilled title, a department chosen.
    const formHtml = /<form method="post" action="\/demand\/new" class="search-ask">([\s\S]*?)<\/form>/.exec(zero)![1]!;
    const fields: Record<string, string> = {};
    for (const m of formHtml.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const departments = [...formHtml.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    const department = departments[1]!;
    const res = await form(t, { id: reviewer.user.id, cookie: reviewer.cookie, email: '' }, '/demand/new', { ...fields, department });
    expect(res.status).toBe(303);
    const id = /\/demand\/([^/?#]+)$/.exec(res.headers.get('location')!)![1]!;
    const demand = (await (await t.app.request(`/api/v1/demands/${id}`, { headers: { cookie: reviewer.cookie } })).json()) as { kind: string; title: string; provider_department: { id: string } | null; description: string };
    expect(demand.kind).toBe('new_data');
    expect(demand.title).toBe('公众检索无结果：xyzzy plugh');
    expect(demand.description).toContain('3 次');
    expect(demand.provider_department?.id).toBe(department);
  });
});
