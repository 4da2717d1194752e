import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createDataset, selectCatalog, selectDepartmentRefs } from '../src/catalog/index.js';
import { publishVersion, withdrawVersion } from '../src/versions/index.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { sitemapIndexXml, sitemapPartCount, sitemapXml, type SitemapPage } from '../src/interop/feeds/sitemap.js';
import { queryValue } from './support/db-query.js';
import { startPortalServer } from './http-server.helpers.js';

// The feeds, the sitemap and robots.txt as a feed reader and a crawler read them: well-formed XML with the elements
// RFC 4287 and sitemaps.org require, and true to the catalog as versions are published and withdrawn.

let t: Awaited<ReturnType<typeof createTestApp>>;
const admin = { id: 'u_admin', role: 'admin' as const, departmentId: null };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'url', 'xhtml:link', 'sitemap'].includes(name) });
type Link = { '@rel': string; '@href': string; '@hreflang'?: string; '@type'?: string };
type Entry = { id: string; title: { '#text': string }; updated: string; published: string; author: { name: string }; link: Link[]; summary: { '#text': string } };
type Feed = { id: string; title: { '#text': string }; updated: string; author: { name: string }; link: Link[]; entry?: Entry[] };

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function xml(url: string, type: RegExp) {
  const res = await t.app.request(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toMatch(type);
  const body = await res.text();
  expect(XMLValidator.validate(body), url).toBe(true);
  return { res, body, doc: parser.parse(body) as Record<string, unknown> };
}

async function feed(url: string): Promise<Feed> {
  const { doc } = await xml(url, /^application\/atom\+xml/);
  const f = doc.feed as Feed & { '@xmlns': string };
  expect(f['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  // RFC 4287 §4.1.1: id, title, updated; an author on the feed (or on every entry); a self link.
  expect(f.id).toMatch(/^http:\/\//);
  expect(f.title['#text'].length).toBeGreaterThan(0);
  expect(f.updated).toMatch(rfc3339);
  expect(f.author.name.length).toBeGreaterThan(0);
  expect(f.link.find((l) => l['@rel'] === 'self')?.['@href']).toBe(f.id);
  for (const e of f.entry ?? []) {
    expect(e.id).toMatch(/^http:\/\/.+\/datasets\/[^/]+\/versions\/\d+$/);
    expect(e.title['#text'].length).toBeGreaterThan(0);
    expect(e.updated).toMatch(rfc3339);
    expect(e.author.name.length).toBeGreaterThan(0);
    expect(e.link.filter((l) => l['@rel'] === 'alternate').map((l) => l['@hreflang'])).toEqual(['zh-CN', 'en']);
  }
  const updated = (f.entry ?? []).map((e) => e.updated);
  expect(updated).toEqual([...updated].sort().reverse());
  expect(updated.length).toBeLessThanOrEqual(50);
  return f;
}

let datasetId: string;
let department: string;

beforeAll(async () => {
  t = await createTestApp();
  const some = (await selectCatalog(t.deps))[0]!;
  department = some.department_id;
  datasetId = 'feed-test-companies';
  await createDataset(t.deps, admin, companyDataset(datasetId, department, some.theme_id));
});
afterAll(() => t.close());

describe('Atom feeds', () => {
  it('the portal feed is well-formed Atom, newest first, linked from the home page', async () => {
    const f = await feed('/feeds/versions.atom');
    const versions = Number(await queryValue(t.db, 'SELECT COUNT(*) FROM versions'));
    expect(f.entry!.length).toBe(Math.min(50, versions));
    expect(f.entry![0]!.title['#text']).toMatch(/第 \d+ 版 · .+, version \d+$/);
    const home = await (await t.app.request('/')).text();
    expect(home).toContain('<link rel="alternate" type="application/atom+xml" title="全部数据集的新版本（Atom）" href="/feeds/versions.atom"/>');
  });

  it('a new publish tops the portal feed, its department\'s and its dataset\'s; a withdrawal updates the same entry', async () => {
    const file = path.join(t.dataDir, 'companies.csv');
    writeCompanyCsv(file, 30);
    await publishVersion(t.deps, { datasetId, filePath: file, changeNote: '首次发布：企业名录 <测试> & 更新', publishedBy: null });
    const expectedId = /\/datasets\/feed-test-companies\/versions\/1$/;
    for (const url of ['/feeds/versions.atom', `/feeds/departments/${department}.atom`, `/feeds/datasets/${datasetId}.atom`]) {
      const top = (await feed(url)).entry![0]!;
      expect(top.id, url).toMatch(expectedId);
      expect(top.title['#text']).toBe(`${datasetId} 企业名录 第 1 版 · ${datasetId} companies, version 1`);
      expect(top.summary['#text']).toContain('首次发布：企业名录 <测试> & 更新（共 30 条记录）');
      expect(top.link[0]!['@href']).toMatch(/\/datasets\/feed-test-companies\/versions\/1$/);
    }
    const own = await feed(`/feeds/datasets/${datasetId}.atom`);
    expect(own.entry).toHaveLength(1);
    // Another department's feed does not carry it.
    const other = (await selectDepartmentRefs(t.db)).find((d) => d.id !== department)!;
    expect(((await feed(`/feeds/departments/${other.id}.atom`)).entry ?? []).some((e) => expectedId.test(e.id))).toBe(false);

    await withdrawVersion(t.deps, admin, datasetId, 1, '数据有误');
    const after = (await feed('/feeds/versions.atom')).entry![0]!;
    expect(after.id).toMatch(expectedId);
    expect(after.title['#text']).toMatch(/^已撤回：/);
    const pk = await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', datasetId);
    expect(after.updated).toBe(await queryValue(t.db, 'SELECT withdrawn_at FROM versions WHERE dataset_pk = ? AND n = 1', pk));
    expect(after.published).toBe(await queryValue(t.db, 'SELECT published_at FROM versions WHERE dataset_pk = ? AND n = 1', pk));
    expect(after.summary['#text']).toContain('数据有误');

    // Withdrawing an old version is news too: it moves to the top, though others were published after it.
    const old = (await selectCatalog(t.deps)).find((d) => d.id !== datasetId && d.latest_version && d.department_id !== department)!;
    const now = t.deps.now;
    t.deps.now = () => new Date(now().getTime() + 60_000); // a minute later: timestamps are whole seconds
    try {
      await withdrawVersion(t.deps, admin, old.id, old.latest_version!, '发现错误');
    } finally {
      t.deps.now = now;
    }
    const top = (await feed('/feeds/versions.atom')).entry![0]!;
    expect(top.id).toMatch(new RegExp(`/datasets/${old.id}/versions/${old.latest_version}$`));
    expect(top.published < top.updated).toBe(true);
    expect((await feed(`/feeds/departments/${old.department_id}.atom`)).entry![0]!.id).toBe(top.id);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and a new version changes the validators', async () => {
    const url = `/feeds/departments/${department}.atom`;
    const first = await t.app.request(url);
    const etag = first.headers.get('etag')!;
    const modified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"/);
    expect(new Date(modified).toUTCString()).toBe(modified);
    expect((await t.app.request(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await t.app.request(url, { headers: { 'If-Modified-Since': modified } })).status).toBe(304);
    expect((await t.app.request(url, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    const file = path.join(t.dataDir, 'companies2.csv');
    writeCompanyCsv(file, 31);
    await publishVersion(t.deps, { datasetId, filePath: file, changeNote: '第二版', publishedBy: null });
    const changed = await t.app.request(url, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('the dataset and department pages link their feeds; unknown ones are 404 problems', async () => {
    const page = await (await t.app.request(`/en/datasets/${datasetId}`)).text();
    expect(page).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="/feeds/datasets/${datasetId}.atom"/>`));
    const dept = await (await t.app.request(`/departments/${department}`)).text();
    expect(dept).toContain(`type="application/atom+xml"`);
    expect(dept).toContain(`href="/feeds/departments/${department}.atom"`);
    for (const url of ['/feeds/versions.atom?page=2', `/feeds/datasets/${datasetId}.atom?x=1`, '/sitemap.xml?a=b']) {
      const res = await t.app.request(url);
      expect(res.status, url).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('unknown_parameter');
    }
    for (const url of ['/feeds/datasets/no-such.atom', '/feeds/departments/no-such.atom']) {
      const res = await t.app.request(url);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('over HTTP', () => {
  it('a crawler on a real server finds the sitemap, the feed and the JSON-LD at the address it came to, and revalidates', async () => {
    const server = await startPortalServer(t);
    try {
      const robots = await (await fetch(`${server.base}/robots.txt`)).text();
      expect(robots).toContain(`Sitemap: ${server.base}/sitemap.xml\n`);
      const sitemap = await fetch(`${server.base}/sitemap.xml`);
      const body = await sitemap.text();
      expect(XMLValidator.validate(body)).toBe(true);
      expect(body).toContain(`<loc>${server.base}/datasets/${datasetId}</loc>`);
      const atom = await fetch(`${server.base}/feeds/versions.atom`);
      const f = (parser.parse(await atom.text()) as { feed: Feed }).feed;
      expect(f.id).toBe(`${server.base}/feeds/versions.atom`);
      expect(f.entry![0]!.id.startsWith(`${server.base}/datasets/`)).toBe(true);
      const again = await fetch(`${server.base}/feeds/versions.atom`, { headers: { 'If-None-Match': atom.headers.get('etag')! } });
      expect(again.status).toBe(304);
      const page = await (await fetch(`${server.base}/datasets/${datasetId}`)).text();
      expect(page).toContain(`"url":"${server.base}/datasets/${datasetId}"`);
    } finally {
      await server.close();
    }
  });
});

describe('sitemap and robots.txt', () => {
  it('lists every dataset, version and department in both languages with hreflang alternates and a valid lastmod', async () => {
    const { doc } = await xml('/sitemap.xml', /^application\/xml/);
    const urls = (doc.urlset as { url: { loc: string; lastmod: string; 'xhtml:link': { '@hreflang': string; '@href': string }[] }[] }).url;
    const locs = new Set(urls.map((u) => new URL(u.loc).pathname));
    const datasets = await selectCatalog(t.deps);
    for (const d of datasets) {
      expect(locs.has(`/datasets/${d.id}`), d.id).toBe(true);
      expect(locs.has(`/en/datasets/${d.id}`), d.id).toBe(true);
      expect(locs.has(`/datasets/${d.id}/versions/${d.latest_version ?? 1}`), d.id).toBe(true);
    }
    for (const d of await selectDepartmentRefs(t.db)) expect(locs.has(`/en/departments/${d.id}`)).toBe(true);
    for (const p of ['/', '/en', '/datasets', '/en/datasets', '/departments', '/stats', '/en/stats']) expect(locs.has(p), p).toBe(true);
    const versions = Number(await queryValue(t.db, 'SELECT COUNT(*) FROM versions'));
    expect(urls.length).toBe(2 * (4 + (await selectDepartmentRefs(t.db)).length + datasets.length + versions));
    for (const u of urls) {
      expect(u.lastmod).toMatch(rfc3339);
      expect(Number.isNaN(Date.parse(u.lastmod))).toBe(false);
      expect(u['xhtml:link'].map((l) => l['@hreflang'])).toEqual(['zh-CN', 'en', 'x-default']);
      expect(u['xhtml:link'].map((l) => l['@href'])).toContain(u.loc);
    }
    const one = urls.find((u) => u.loc.endsWith(`/en/datasets/${datasetId}`))!;
    expect(one['xhtml:link'][0]!['@href']).toMatch(new RegExp(`/datasets/${datasetId}$`));
    expect((await t.app.request('/sitemaps/1.xml')).status).toBe(404); // one file: no index
  });

  it('robots.txt names the sitemap by its absolute URL and keeps crawlers off the personal pages only', async () => {
    const res = await t.app.request('/robots.txt');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^Sitemap: http:\/\/[^\s]+\/sitemap\.xml$/m);
    for (const p of ['/console', '/en/console', '/signin', '/signup', '/developer', '/en/developer']) expect(text).toContain(`Disallow: ${p}\n`);
    expect(text).not.toMatch(/^Disallow: \/(datasets|departments|feeds|api)?$/m);
  });

  it('splits into parts under a sitemap index when the URLs exceed the limit', () => {
    const pages: SitemapPage[] = Array.from({ length: 7 }, (_, i) => ({ path: `/datasets/d${i}`, lastmod: `2026-01-0${i + 1}T00:00:00Z` }));
    expect(sitemapPartCount(pages, 50_000)).toBe(1);
    expect(sitemapPartCount(pages, 4)).toBe(4); // 14 URLs, 2 pages (4 URLs) a part
    const index = parser.parse(sitemapIndexXml('https://data.example', pages, 4)) as { sitemapindex: { sitemap: { loc: string; lastmod: string }[] } };
    expect(index.sitemapindex.sitemap.map((s) => s.loc)).toEqual([1, 2, 3, 4].map((n) => `https://data.example/sitemaps/${n}.xml`));
    expect(index.sitemapindex.sitemap[3]!.lastmod).toBe('2026-01-07T00:00:00Z');
    const parts = [0, 1, 2, 3].map((i) => (parser.parse(sitemapXml('https://data.example', pages, i, 4)) as { urlset: { url: { loc: string }[] } }).urlset.url.map((u) => u.loc));
    expect(parts.flat()).toHaveLength(14);
    expect(parts.every((p) => p.length <= 4)).toBe(true);
  });
});
