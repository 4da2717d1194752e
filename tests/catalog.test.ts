import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { queryRow } from './support/db-query.js';

type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App;
const get = async (url: string) => {
  const res = await t.app.request(url);
  return { res, body: (await res.json()) as any };
};

beforeAll(async () => {
  t = await createTestApp({ datasets: 'all' });
});
afterAll(() => t.close());

describe('catalog API on the full seeded catalog', () => {
  it('serves all 179 datasets of 29 departments, with records summed from latest versions', async () => {
    const { body } = await get('/api/v1/stats/overview');
    expect(body.datasets).toBe(179);
    expect(body.departments).toBe(29);
    const expected = (await queryRow(t.db, 'SELECT SUM(v.row_count) s FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version')) as { s: number };
    expect(body.records).toBe(expected.s);
    expect(body.records).toBeGreaterThanOrEqual(300_000);
    expect(body.records).toBeLessThanOrEqual(320_000);
  });

  it('pages through every dataset exactly once with cursors and a Link header', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/v1/datasets?limit=50&sort=title';
    let pages = 0;
    while (url) {
      const { res, body } = await get(url);
      expect(res.status).toBe(200);
      expect(body.total).toBe(179);
      seen.push(...body.data.map((d: { id: string }) => d.id));
      url = body.next_cursor ? `/api/v1/datasets?limit=50&sort=title&cursor=${encodeURIComponent(body.next_cursor)}` : null;
      if (url) expect(res.headers.get('link')).toContain('rel="next"');
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(179);
  });

  it.each(['公交', '学校', '医院', '企业'])('search %s finds every dataset whose text contains it, title matches first', async (q) => {
    const { body } = await get(`/api/v1/datasets?q=${encodeURIComponent(q)}&limit=1000`);
    const containing = t.catalog.datasets.filter((d) =>
      [d.title_zh, d.summary_zh, ...d.keywords, ...d.fields.map((f) => f.label_zh)].some((s) => s.includes(q)),
    );
    expect(containing.length).toBeGreaterThan(0);
    const found = new Set(body.data.map((d: { id: string }) => d.id));
    for (const d of containing) expect(found, `${d.id} ${d.title_zh}`).toContain(d.id);
    const firstNonTitle = body.data.findIndex((d: { title_zh: string }) => !d.title_zh.includes(q));
    const lastTitle = body.data.findLastIndex((d: { title_zh: string }) => d.title_zh.includes(q));
    if (firstNonTitle >= 0 && lastTitle >= 0) expect(lastTitle).toBeLessThan(firstNonTitle);
  });

  it('matches English words against English titles', async () => {
    const { body } = await get('/api/v1/datasets?q=bus');
    expect(body.total).toBeGreaterThan(0);
    expect(body.data[0].title_en.toLowerCase()).toContain('bus');
  });

  it('filters by department and gives facet counts for the current filter', async () => {
    const { body: all } = await get('/api/v1/datasets?limit=1');
    const dept = all.facets.department[0];
    const { body } = await get(`/api/v1/datasets?department=${dept.value}&limit=1000`);
    expect(body.total).toBe(dept.count);
    expect(body.data.every((d: any) => d.department.id === dept.value)).toBe(true);
    const openCount = body.facets.open_type.reduce((s: number, b: any) => s + b.count, 0);
    expect(openCount).toBe(dept.count);
    // the department facet itself still lists the other departments (disjunctive facets)
    expect(body.facets.department.length).toBe(29);
  });

  it('sorts by -records, largest first, with a deterministic order', async () => {
    const { body } = await get('/api/v1/datasets?sort=-records&limit=5');
    const records = body.data.map((d: any) => d.records);
    expect([...records].sort((a: number, b: number) => b - a)).toEqual(records);
    expect(records[0]).toBeGreaterThanOrEqual(20_000);
  });

  it('shows dataset detail with fields and versions', async () => {
    const multi = t.catalog.datasets.find((d) => d.versions.length > 1)!;
    const { res, body } = await get(`/api/v1/datasets/${multi.id}`);
    expect(res.status).toBe(200);
    expect(body.fields.map((f: any) => f.name)).toEqual(multi.fields.map((f) => f.name));
    expect(body.versions.map((v: any) => v.n)).toEqual(multi.versions.map((v) => v.n).reverse());
    expect(body.latest_version).toBe(multi.versions.at(-1)!.n);
    const diff = body.versions[0].diff;
    expect(diff.added + diff.removed + diff.changed).toBeGreaterThan(0);
  });

  it('lists departments with dataset counts and record totals', async () => {
    const { body } = await get('/api/v1/departments');
    expect(body.total).toBe(29);
    expect(body.data.reduce((s: number, d: any) => s + d.datasets, 0)).toBe(179);
    const one = await get(`/api/v1/departments/${body.data[0].id}`);
    expect(one.body.records).toBe(body.data[0].records);
    const themes = await get('/api/v1/themes');
    expect(themes.body.total).toBe(15);
  });
});

describe('catalog bad input', () => {
  it.each([
    ['/api/v1/datasets/no-such-dataset', 404, 'not_found'],
    ['/api/v1/departments/no-such-dept', 404, 'not_found'],
    ['/api/v1/datasets?limit=1001', 400, 'invalid_parameter'],
    ['/api/v1/datasets?limit=-1', 400, 'invalid_parameter'],
    ['/api/v1/datasets?limit=abc', 400, 'invalid_parameter'],
    ['/api/v1/datasets?cursor=forged.cursor', 400, 'invalid_cursor'],
    ['/api/v1/datasets?colour=red', 400, 'unknown_parameter'],
  ])('%s -> %i %s', async (url, status, code) => {
    const { res, body } = await get(url);
    expect(res.status).toBe(status);
    expect(body.code).toBe(code);
    if (url.includes('limit')) expect(body.detail).toContain('limit');
  });

  it('refuses a cursor from another query (stale)', async () => {
    const { body } = await get('/api/v1/datasets?limit=10&sort=title');
    const { res, body: err } = await get(`/api/v1/datasets?limit=10&sort=records&cursor=${encodeURIComponent(body.next_cursor)}`);
    expect(res.status).toBe(400);
    expect(err.code).toBe('invalid_cursor');
  });

  it.each(['"', '*', 'NEAR(公交 学校)', '(((', 'a'.repeat(1000), '公交" OR "1', '-', '^title:x'])('search %s never fails', async (q) => {
    const { res } = await get(`/api/v1/datasets?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
  });
});
