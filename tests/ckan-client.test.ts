import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishVersion } from '../src/versions/index.js';
import { createTestApp } from './helpers.js';
import { startPortalServer, type TestServer } from './http-server.helpers.js';

// The CKAN API against the portal's real HTTP server on the full catalog (179 datasets), with real CKAN clients:
// okfn's ckan.js (npm `ckan` 0.2.3; it POSTs a JSON object to /api/3/action/<name> through the `request` package,
// which runs on Node 20 as is) and the exact request sequence of ckanext-harvest's CKAN harvester
// (ckanharvester.py: package_search with rows=100, start, sort=id asc and
// fq=metadata_modified:[<gather_started - 1 h, isoformat()>Z TO *], paging until an empty page; then, in its import
// stage, package_show, organization_show and group_show).

type CkanClient = { action: (name: string, data: Record<string, unknown>, cb: (err: unknown, body: any) => void) => void };
const CKAN = createRequire(import.meta.url)('ckan') as { Client: new (endpoint: string) => CkanClient };

type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App;
let server: TestServer;
let client: CkanClient;

const act = (name: string, data: Record<string, unknown> = {}) =>
  new Promise<any>((resolve, reject) => client.action(name, data, (err, body) => (err ? reject(new Error(String(err))) : resolve(body))));

/** Python's urllib.parse.urlencode (quote_plus): spaces as +, everything but letters, digits and _.-~ escaped. */
const urlencode = (params: Record<string, string>) =>
  Object.entries(params).map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
const quotePlus = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');

/** Python's datetime.isoformat() of a naive UTC time: microseconds when there are any. */
const pyIsoformat = (d: Date) => d.toISOString().replace(/Z$/, '').replace(/\.(\d{3})$/, (_, ms: string) => (ms === '000' ? '' : `.${ms}000`));

const getJson = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

/** CKANHarvester._search_for_datasets: pages of 100 sorted by id until a page comes back empty, duplicates weeded out. */
async function harvesterSearch(base: string, fqTerms: string[], requested: string[]) {
  const params: Record<string, string> = { rows: '100', start: '0', sort: 'id asc' };
  if (fqTerms.length) params.fq = fqTerms.join(' ');
  const found: any[] = [];
  const seen = new Set<string>();
  let previous: string | null = null;
  for (;;) {
    const url = `${base}/api/3/action/package_search?${urlencode(params)}`;
    requested.push(url);
    const { status, text } = await getJson(url);
    expect(status, text).toBe(200);
    expect(text, 'the paging does not seem to work').not.toBe(previous);
    previous = text;
    const page = (JSON.parse(text) as { result: { results: any[] } }).result.results;
    for (const p of page) {
      expect(seen.has(p.id), `${p.id} came back on two pages`).toBe(false);
      seen.add(p.id);
      found.push(p);
    }
    if (!page.length) break;
    params.start = String(Number(params.start) + Number(params.rows));
  }
  return found;
}

beforeAll(async () => {
  t = await createTestApp({ datasets: 'all' });
  server = await startPortalServer(t);
  client = new CKAN.Client(server.base);
}, 300_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('okfn ckan.js against the running server', () => {
  it('lists, shows, and searches with fq, paging with start', async () => {
    const list = await act('package_list');
    expect(list.success).toBe(true);
    expect(list.result).toHaveLength(179);

    const shown = await act('package_show', { id: list.result[0] });
    expect(shown.result).toMatchObject({ id: list.result[0], name: list.result[0] });
    expect(shown.result.resources.length).toBeGreaterThanOrEqual(4);

    const dept = shown.result.organization.name as string;
    const inDept = t.catalog.datasets.filter((d) => d.department === dept).map((d) => d.id).sort();
    const filtered = await act('package_search', { fq: `organization:${dept}`, rows: 1000 });
    expect(filtered.result.count).toBe(inDept.length);
    expect(filtered.result.results.map((p: { id: string }) => p.id).sort()).toEqual(inDept);

    const ids: string[] = [];
    let count = 0;
    for (let start = 0; start < 179 + 40; start += 40) {
      const page = await act('package_search', { fq: 'res_format:CSV', rows: 40, start, sort: 'title_string asc' });
      count = page.result.count;
      ids.push(...page.result.results.map((p: { id: string }) => p.id));
    }
    expect(count).toBe(179);
    expect(ids).toHaveLength(179);
    expect(new Set(ids).size).toBe(179);
  });

  it('reports CKAN\'s error for a dataset that is not there', async () => {
    await expect(act('package_show', { id: 'not-a-dataset' })).rejects.toThrow(/HTTP code 404[\s\S]*Not Found Error/);
  });
});

describe('the CKAN harvester\'s request sequence', () => {
  it('a first harvest finds every dataset once; the next finds only what changed since, with working downloads', async () => {
    const requested: string[] = [];
    const first = await harvesterSearch(server.base, [], requested);
    expect(first.map((p) => p.id).sort()).toEqual(t.catalog.datasets.map((d) => d.id).sort());
    // 179 datasets at 100 a page: two full pages and the empty one that ends the loop.
    expect(requested).toHaveLength(3);
    expect(requested[0]).toBe(`${server.base}/api/3/action/package_search?rows=100&start=0&sort=id+asc`);

    // The job's gather_started; the next job asks for changes since an hour before it (ckanharvester.py).
    const gatherStarted = new Date();
    const since = `${pyIsoformat(new Date(gatherStarted.getTime() - 3_600_000))}Z`;
    const unchanged = first.filter((p) => `${p.metadata_modified}Z` < since);
    expect(unchanged.length, 'seeded datasets must predate the window').toBe(179);

    const changed = t.catalog.datasets.find((d) => d.open_type === 'open' && d.rows < 500)!;
    const csv = await (await fetch(`${server.base}/api/v1/datasets/${changed.id}/data.csv`)).text();
    const file = path.join(t.dataDir, 'republished.csv');
    fs.writeFileSync(file, csv);
    await publishVersion(t.deps, { datasetId: changed.id, filePath: file, changeNote: 'Republished for the harvest test', publishedBy: null });

    const next: string[] = [];
    const since2 = await harvesterSearch(server.base, [`metadata_modified:[${since} TO *]`], next);
    expect(since2.map((p) => p.id)).toEqual([changed.id]);
    expect(next[0]).toBe(`${server.base}/api/3/action/package_search?${urlencode({ rows: '100', start: '0', sort: 'id asc', fq: `metadata_modified:[${since} TO *]` })}`);
    expect(next[0]).toContain('fq=metadata_modified%3A%5B');

    // Import stage: the package, its organization and group, and a resource that downloads with the stated hash.
    const shown = JSON.parse((await getJson(`${server.base}/api/3/action/package_show?id=${changed.id}`)).text).result;
    expect(shown.version).toBe(String(changed.versions.length + 1));
    expect(JSON.parse((await getJson(`${server.base}/api/3/action/organization_show?id=${shown.organization.name}`)).text).result.name).toBe(changed.department);
    expect(JSON.parse((await getJson(`${server.base}/api/3/action/group_show?id=${shown.groups[0].id}`)).text).result.name).toBe(changed.theme);
    const resource = shown.resources.find((r: { format: string }) => r.format === 'CSV');
    const download = await fetch(resource.url);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    expect(bytes.toString('utf8')).toBe(csv);
    const again = JSON.parse((await getJson(`${server.base}/api/3/action/resource_show?id=${resource.id}`)).text).result;
    expect(again).toMatchObject({ hash: sha, size: bytes.length });
    // The previous version stays downloadable as its own resource.
    const older = shown.resources.find((r: { id: string }) => r.id === `${changed.id}-v${changed.versions.length}-csv`);
    expect((await fetch(older.url)).status).toBe(200);
  });
});
