import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../tests/helpers.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';
import { listVersions } from '../src/versions/versions.service.js';
import { selectDataset } from '../src/catalog/catalog.store.js';
import { formatDateTime } from './format.js';
import { allRows, queryRow } from '../tests/support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function html(url: string, expectedStatus = 200) {
  const res = await t.app.request(url);
  expect(res.status, url).toBe(expectedStatus);
  expect(res.headers.get('content-type'), url).toMatch(/^text\/html/);
  return res.text();
}

const json = async <T = any>(url: string): Promise<T> => {
  const res = await t.app.request(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
};

/** Unescapes the few entities hono/jsx writes, so attribute values compare with URLs. */
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const attr = (tag: string, name: string) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? unescape(m[1]!) : undefined;
};
const tags = (page: string, pattern: RegExp) => [...page.matchAll(pattern)].map((m) => m[0]);
const text = (fragment: string) => unescape(fragment.replace(/<[^>]+>/g, ''));

const ids = () => t.catalog.datasets.map((d) => d.id);
const openMulti = () => t.catalog.datasets.find((d) => d.versions.length > 1 && d.open_type === 'open')!;

describe('home page', () => {
  it('shows the headline figures computed by the overview service', async () => {
    const overview = await json<{ datasets: number; departments: number; records: number }>('/api/v1/stats/overview');
    const page = await html('/');
    for (const key of ['datasets', 'departments', 'records'] as const) {
      const figure = page.match(new RegExp(`data-figure="${key}"><span class="figure-value">([^<]+)</span>`));
      expect(figure?.[1], key).toBe(overview[key].toLocaleString('zh-CN'));
    }
    expect(overview.records).toBeGreaterThan(0);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('马鞍山市公共数据开放平台');
    expect(page).toMatch(/<form[^>]*role="search"[^>]*action="\/datasets"/);
  });

  it('lists themes and departments with counts that link to their pages', async () => {
    const page = await html('/');
    const themes = await json<{ data: { id: string; datasets: number }[] }>('/api/v1/themes');
    const used = themes.data.find((th) => th.datasets > 0)!;
    expect(page).toContain(`href="/datasets?theme=${used.id}"`);
    const dept = t.catalog.datasets[0]!.department;
    expect(page).toContain(`href="/departments/${dept}"`);
  });

  it('has a skip link, landmarks and the footer links to the API docs', async () => {
    const page = await html('/');
    expect(page).toMatch(/<a class="skip-link" href="#main">/);
    expect(page).toContain('<main id="main"');
    for (const landmark of ['<header', '<nav', '<footer']) expect(page).toContain(landmark);
    expect(page).toContain('href="/api/docs"');
    expect(page).toContain('href="/openapi.json"');
  });
});

describe('catalog search page', () => {
  it('lists the datasets matching q=公交, in the order of the API', async () => {
    const api = await json<{ data: { id: string; title_zh: string }[]; total: number }>(`/api/v1/datasets?q=${encodeURIComponent('公交')}&limit=20`);
    expect(api.total).toBeGreaterThan(0);
    const page = await html(`/datasets?q=${encodeURIComponent('公交')}`);
    const titles = tags(page, /<h3 class="card-title">.*?<\/h3>/g).map(text);
    expect(titles).toEqual(api.data.map((d) => d.title_zh));
    expect(titles.some((title) => title.includes('公交'))).toBe(true);
    expect(page).toContain(`共找到 ${api.total} 个数据集`);
    expect(page).toContain('value="公交"');
  });

  it('filters by a facet link and shows the facet counts', async () => {
    const dept = t.catalog.datasets[0]!.department;
    const all = await html('/datasets');
    const link = tags(all, /<a href="\/datasets\?department=[^"]+"[^>]*>.*?<\/a>/g).find((a) => attr(a, 'href') === `/datasets?department=${dept}`);
    expect(link).toBeDefined();
    const expected = t.catalog.datasets.filter((d) => d.department === dept);
    expect(text(link!.match(/<span class="facet-count">(\d+)<\/span>/)![0])).toBe(String(expected.length));

    const filtered = await html(`/datasets?department=${dept}`);
    const shown = tags(filtered, /<h3 class="card-title"><a href="\/datasets\/([^"]+)"/g).map((a) => a.match(/datasets\/([^"]+)/)![1]);
    expect(shown.sort()).toEqual(expected.map((d) => d.id).sort());
    expect(filtered).toMatch(/aria-current="true"/);
  });

  it('escapes the query it echoes back', async () => {
    const page = await html(`/datasets?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;');
  });

  it('answers a forged cursor with a 400 HTML page, not a 500', async () => {
    const page = await html('/datasets?cursor=forged.cursor', 400);
    expect(page).toContain('请求有误');
  });
});

describe('pagination', () => {
  let big: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    const { loadCatalog } = await import('../datasets/index.js');
    const small = loadCatalog().datasets.filter((d) => d.rows < 400).slice(0, 25).map((d) => d.id);
    big = await createTestApp({ datasets: small });
  });
  afterAll(() => big?.close());

  it('walks every dataset exactly once through the next-page links', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/datasets?sort=title';
    let pages = 0;
    while (url && pages < 10) {
      const res = await big.app.request(url);
      expect(res.status).toBe(200);
      const page = await res.text();
      seen.push(...tags(page, /<h3 class="card-title"><a href="\/datasets\/[^"]+"/g).map((a) => a.match(/datasets\/([^"]+)"/)![1]!));
      const next = page.match(/<a class="pager-next" rel="next" href="([^"]+)"/);
      url = next ? unescape(next[1]!) : undefined;
      pages++;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(big.catalog.datasets.map((d) => d.id).sort());
  });
});

describe('dataset page', () => {
  it('shows the national metadata items, the field table and 20 preview rows of the latest version', async () => {
    const d = openMulti();
    const page = await html(`/datasets/${d.id}`);
    for (const item of ['信息资源名称', '信息资源代码', '提供方', '摘要', '信息资源分类', '格式', '共享属性', '开放属性', '更新周期', '发布日期', '数据更新时间', '数据量', '关键字', '所属行业', '空间范围', '许可协议', '关联资源代码']) {
      expect(page, item).toContain(`<th scope="row">${item}`);
    }
    expect(page).toContain(d.code);
    for (const f of d.fields) {
      expect(page).toContain(`<code>${f.name}</code>`);
      expect(page).toContain(`<td lang="zh-CN">${f.label_zh}</td>`);
    }
    const row = (await selectDataset(t.db, d.id))!;
    const versions = await listVersions(t.db, row.pk);
    const latest = versions.find((v) => v.n === row.latest_version)!;
    const first = (await allRows(t.db, rowsTableName(row.pk, latest.n), latest.schema))[0]!;
    const previewRows = page.split('preview-table')[1]!.split('</tbody>')[0]!.match(/<tr>/g)!.length - 1;
    expect(previewRows).toBe(Math.min(20, latest.rowCount));
    const pk = latest.schema.find((f) => f.primary_key)!.name;
    expect(page.split('preview-table')[1]).toContain(`>${String(first[pk])}</td>`);
  });

  it('lists every version with date in Beijing time, counts, diff and download links per format', async () => {
    const d = openMulti();
    const page = await html(`/datasets/${d.id}`);
    const row = (await selectDataset(t.db, d.id))!;
    const versions = await listVersions(t.db, row.pk);
    expect(versions.length).toBeGreaterThan(1);
    for (const v of versions) {
      const item = page.match(new RegExp(`<li class="version[^"]*" data-version="${v.n}">.*?</li></ul></li>`))?.[0];
      expect(item, `version ${v.n}`).toBeDefined();
      expect(item).toContain(formatDateTime(v.publishedAt));
      expect(item).toContain(v.rowCount.toLocaleString('zh-CN'));
      const base = `/api/v1/datasets/${d.id}/versions/${v.n}`;
      for (const href of [`${base}/data.csv`, `${base}/data.csv?bom=1`, `${base}/data.xlsx`, `${base}/data.json`]) {
        expect(item).toContain(`href="${href.replace('&', '&amp;')}"`);
      }
      if (v.diff) expect(item).toContain(`新增 ${v.diff.added} · 删除 ${v.diff.removed} · 修改 ${v.diff.changed}`);
    }
  });

  it('shows a notice instead of rows for a conditional dataset', async () => {
    const d = t.catalog.datasets.find((x) => x.open_type === 'conditional');
    expect(d).toBeDefined();
    const page = await html(`/datasets/${d!.id}`);
    expect(page).toContain('有条件开放数据');
    expect(page).not.toContain('preview-table');
  });

  it('answers unknown ids with an HTML 404 page', async () => {
    for (const url of ['/datasets/no-such-dataset', '/departments/no-such-department', `/datasets/${ids()[0]}/versions/999`, `/datasets/${ids()[0]}/versions/abc`, '/en/datasets/no-such-dataset', '/en/no-such-page']) {
      const page = await html(url, 404);
      expect(page).toMatch(/页面不存在|Page not found/);
    }
  });

  it('renders a version page with its schema and files', async () => {
    const d = openMulti();
    const page = await html(`/datasets/${d.id}/versions/1`);
    expect(page).toContain('第 1 版');
    expect(page).toContain(`href="/api/v1/datasets/${d.id}/versions/1/data.xlsx"`);
    expect(page).toContain(`/api/v1/datasets/${d.id}/versions/1/datapackage.json`);
    expect(page).toContain(`<code>${d.fields[0]!.name}</code>`);
  });
});

describe('department page', () => {
  it('shows the department with its contact and every one of its datasets', async () => {
    const dept = t.catalog.departments.find((d) => t.catalog.datasets.some((x) => x.department === d.id))!;
    const page = await html(`/departments/${dept.id}`);
    expect(page).toContain(`<h1>${dept.name_zh}</h1>`);
    expect(page).toContain(dept.code);
    expect(page).toContain(dept.contact.phone);
    const shown = tags(page, /<h3 class="card-title"><a href="\/datasets\/[^"]+"/g).map((a) => a.match(/datasets\/([^"]+)"/)![1]);
    expect(shown.sort()).toEqual(t.catalog.datasets.filter((d) => d.department === dept.id).map((d) => d.id).sort());
  });
});

describe('English pages', () => {
  it('serves the same pages in English under /en with lang="en"', async () => {
    const d = openMulti();
    const home = await html('/en');
    expect(home).toContain('<html lang="en">');
    expect(home).toContain("Ma&#39;anshan Open Data");
    const page = await html(`/en/datasets/${d.id}`);
    expect(page).toContain(`<h1>${d.title_en.replace(/'/g, '&#39;')}</h1>`);
    expect(page).toContain('<th scope="row">Resource code</th>');
  });

  it('switches language on the same page, keeping the query, and keeps English links in English', async () => {
    const zh = await html(`/datasets?q=${encodeURIComponent('公交')}`);
    const toEn = attr(zh.match(/<a class="lang-switch"[^>]*>/)![0], 'href');
    expect(toEn).toBe(`/en/datasets?q=${encodeURIComponent('公交')}`);
    const en = await html(toEn!);
    expect(en).toContain('<html lang="en">');
    expect(attr(en.match(/<a class="lang-switch"[^>]*>/)![0], 'href')).toBe(`/datasets?q=${encodeURIComponent('公交')}`);
    const main = en.split('<main')[1]!.split('</main>')[0]!;
    const internal = tags(main, /href="\/(?!api\/|docs|openapi)[^"]*"/g);
    expect(internal.length).toBeGreaterThan(0);
    for (const h of internal) expect(h).toMatch(/^href="\/en(\/|\?|"|$)/);
  });
});

describe('JSON twins', () => {
  it('every data page links its JSON twin in the head and visibly, and the twin answers JSON', async () => {
    const d = openMulti();
    const dept = t.catalog.datasets[0]!.department;
    const pages = ['/', '/datasets', `/datasets?q=${encodeURIComponent('公交')}`, `/datasets/${d.id}`, `/datasets/${d.id}/versions/1`, '/departments', `/departments/${dept}`, `/en/datasets/${d.id}`];
    for (const url of pages) {
      const page = await html(url);
      const head = page.match(/<link rel="alternate" type="application\/json" href="([^"]+)"/);
      expect(head, url).not.toBeNull();
      const twin = unescape(head![1]!);
      const visible = page.match(/<a class="json-link" href="([^"]+)"[^>]*>JSON<\/a>/);
      expect(visible && unescape(visible[1]!), url).toBe(twin);
      const res = await t.app.request(twin);
      expect(res.status, `${url} -> ${twin}`).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/json/);
    }
  });
});

describe('static assets', () => {
  it('serves the stylesheets from the portal itself: system fonts first, then its own Noto Sans SC', async () => {
    const page = await html('/');
    const hrefs = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.slice(0, 2).map((h) => h.replace(/\?v=.*/, ''))).toEqual(['/static/fonts.css', '/static/portal.css']);
    const [fonts, portal] = await Promise.all(hrefs.slice(0, 2).map((h) => t.app.request(h)));
    for (const res of [fonts!, portal!]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    }
    const css = await portal!.text();
    expect(css).toMatch(/"PingFang SC".*"Noto Sans CJK SC".*"Noto Sans SC"/s);
    expect(css).not.toMatch(/@import|url\(https?:|@font-face/);
    const faces = await fonts!.text();
    expect(faces).toContain('@font-face');
    expect(faces).not.toMatch(/@import|url\((?!\/fonts\/)/);
  });
});

describe('pages know who is looking', () => {
  it('shows a conditional dataset files and preview to its own department, a notice to others; the console link to publishers only', async () => {
    const { createTestApp } = await import('../tests/helpers.js');
    const { createUser } = await import('../src/auth/auth.service.js');
    const { createSession } = await import('../src/auth/auth.session.js');
    const t2 = await createTestApp();
    try {
      const d = (await queryRow<{ id: string; department_id: string }>(t2.db, "SELECT id, department_id FROM datasets WHERE open_type = 'conditional' ORDER BY pk LIMIT 1"))!;
      const u = await createUser(t2.db, { email: 'pub@dept.cn', password: 'correct horse battery', role: 'publisher', departmentId: d.department_id }, new Date());
      const cookie = `kf_session=${(await createSession(t2.db, u.id, new Date())).token}`;
      const anonymous = await (await t2.app.request(`/datasets/${d.id}`)).text();
      const own = await (await t2.app.request(`/datasets/${d.id}`, { headers: { Cookie: cookie } })).text();
      expect(anonymous).not.toContain('/data.csv');
      expect(anonymous).not.toContain('href="/console"');
      expect(own).toContain(`/api/v1/datasets/${d.id}/versions/`);
      expect(own).toContain('/data.csv');
      expect(own).toContain('href="/console"');
    } finally {
      await t2.close();
    }
  });
});
