import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateDataset } from '../src/catalog/index.js';
import { withdrawVersion } from '../src/versions/index.js';
import { createTestApp } from './helpers.js';

// The CKAN Action API subset (src/interop/ckan) through the app: CKAN's envelope and shapes, its error statuses,
// and package_search's fq, sort, paging and facets as CKAN clients and harvesters use them.

type App = Awaited<ReturnType<typeof createTestApp>>;
let t: App;

async function call(path: string, init?: RequestInit) {
  const res = await t.app.request(path, init);
  const text = await res.text();
  return { res, status: res.status, body: JSON.parse(text) as any };
}
const action = (name: string, params: Record<string, string | number> = {}) =>
  call(`/api/3/action/${name}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`);
const search = async (params: Record<string, string | number>) => {
  const { status, body } = await action('package_search', params);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.result as { count: number; results: any[]; facets: Record<string, Record<string, number>>; search_facets: any; sort: string };
};
const ids = (results: { id: string }[]) => results.map((p) => p.id);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const multiVersion = () => t.catalog.datasets.find((d) => d.versions.length > 1)!;

describe('CKAN envelope and package shape', () => {
  it('package_show answers a dataset in CKAN\'s shape: fields, organization, groups, tags, extras and resources', async () => {
    const d = multiVersion();
    const { status, res, body } = await action('package_show', { id: d.id });
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.success).toBe(true);
    expect(body.help).toMatch(/\/api\/3\/action\/help_show\?name=package_show$/);
    const p = body.result;
    for (const key of ['id', 'name', 'title', 'notes', 'url', 'version', 'state', 'type', 'license_id', 'license_title', 'metadata_created', 'metadata_modified', 'organization', 'groups', 'tags', 'num_resources', 'num_tags', 'extras', 'resources']) expect(p, key).toHaveProperty(key);
    expect(p).toMatchObject({ id: d.id, name: d.id, title: d.title_zh, notes: d.summary_zh, state: 'active', type: 'dataset', license_id: 'cc-by-4.0', version: String(d.versions.length) });
    expect(p.organization).toMatchObject({ id: d.department, name: d.department });
    expect(p.groups.map((g: { name: string }) => g.name)).toEqual([d.theme]);
    expect(p.tags.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(d.keywords));
    expect(p.num_tags).toBe(p.tags.length);
    expect(p.metadata_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const extras = Object.fromEntries(p.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    expect(extras).toMatchObject({ identifier: d.code, title_en: d.title_en, share_type: d.share_type, update_frequency: d.update_frequency, spatial_text: d.spatial });
    expect(JSON.parse(extras.fields).map((f: { name: string }) => f.name)).toEqual(d.fields.map((f) => f.name));
    // The latest version's four files, then one CSV per older version, newest first.
    const n = d.versions.length;
    expect(p.resources.map((r: { id: string }) => r.id)).toEqual([
      ...['csv', 'json', 'ndjson', 'xlsx'].map((f) => `${d.id}-v${n}-${f}`),
      ...Array.from({ length: n - 1 }, (_, i) => `${d.id}-v${n - 1 - i}-csv`),
    ]);
    expect(p.num_resources).toBe(p.resources.length);
    const csv = p.resources[0];
    expect(csv).toMatchObject({ package_id: d.id, format: 'CSV', mimetype: 'text/csv' });
    expect(csv.url).toMatch(new RegExp(`^http://[^/]+/api/v1/datasets/${d.id}/versions/${n}/data\\.csv$`));
    for (const key of ['id', 'package_id', 'name', 'url', 'format', 'mimetype', 'size', 'hash', 'created', 'last_modified']) expect(csv, key).toHaveProperty(key);
  });

  it('finds a dataset by its CKAN name (= our id) through the unversioned path and POST too', async () => {
    const d = multiVersion();
    const viaGet = await call(`/api/action/package_show?id=${d.id}`);
    const viaPost = await call('/api/3/action/package_show', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: d.id }) });
    expect(viaGet.body.result.id).toBe(d.id);
    expect(viaPost.body.result).toEqual(viaGet.body.result);
  });

  it('answers errors in CKAN\'s envelope with CKAN\'s statuses, never problem+json', async () => {
    const missing = await action('package_show', { id: 'no-such-dataset' });
    expect(missing.status).toBe(404);
    expect(missing.res.headers.get('content-type')).not.toMatch(/problem/);
    expect(missing.body).toMatchObject({ success: false, error: { __type: 'Not Found Error', message: expect.stringMatching(/^Not found/) } });
    expect(missing.body).not.toHaveProperty('result');

    const noId = await action('package_show');
    expect(noId.status).toBe(409);
    expect(noId.body.error).toEqual({ __type: 'Validation Error', id: ['Missing value'] });

    const badRows = await action('package_search', { rows: 'ten' });
    expect(badRows.status).toBe(409);
    expect(badRows.body.error).toMatchObject({ __type: 'Validation Error', rows: ['Invalid integer'] });
    expect((await action('package_search', { start: -1 })).status).toBe(409);
    expect((await action('package_search', { sort: 'popularity desc' })).body.error.__type).toBe('Validation Error');
    expect((await action('package_search', { 'facet.field': 'organization' })).body.error).toMatchObject({ 'facet.field': ['Could not parse as valid JSON'] });

    const badFq = await action('package_search', { fq: 'no_such_field:1' });
    expect(badFq.status).toBe(400);
    expect(badFq.body.error.__type).toBe('Search Query Error');

    for (const path of ['/api/3/action/package_create', '/api/action/user_list', '/api/3/action/nonsense']) {
      const unknown = await call(path);
      expect(unknown.status, path).toBe(400);
      expect(unknown.body).toMatch(/^Bad request - Action name not known: /);
    }
    expect((await action('resource_show', { id: 'nope-v1-csv' })).status).toBe(404);
    expect((await action('organization_show', { id: 'nope' })).body.error.__type).toBe('Not Found Error');
  });

  it('stays read-only: a write action sent as POST is not known here and changes nothing', async () => {
    const before = (await action('package_list')).body.result;
    const res = await call('/api/3/action/package_delete', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: before[0] }) });
    expect(res.status).toBe(400);
    expect((await action('package_list')).body.result).toEqual(before);
  });
});

describe('lists and shows', () => {
  it('package_list names every dataset in name order, with limit and offset', async () => {
    const all = (await action('package_list')).body.result as string[];
    expect(all).toEqual(t.catalog.datasets.map((d) => d.id).sort());
    expect((await action('package_list', { limit: 3, offset: 2 })).body.result).toEqual(all.slice(2, 5));
  });

  it('current_package_list_with_resources pages whole packages, most recently modified first', async () => {
    const first = (await action('current_package_list_with_resources', { limit: 4 })).body.result;
    const next = (await action('current_package_list_with_resources', { limit: 4, offset: 4 })).body.result;
    expect(first).toHaveLength(4);
    const modified = [...first, ...next].map((p: { metadata_modified: string }) => p.metadata_modified);
    expect(modified).toEqual([...modified].sort().reverse());
    expect(first[0].resources.length).toBeGreaterThan(0);
  });

  it('organization_list, group_list and their shows answer departments and themes with package counts', async () => {
    const orgs = (await action('organization_list')).body.result as string[];
    const d = multiVersion();
    expect(orgs).toContain(d.department);
    const full = (await action('organization_list', { all_fields: 'true', sort: 'package_count desc' })).body.result;
    expect(full.length).toBeLessThanOrEqual(25);
    expect(full[0]).toMatchObject({ is_organization: true, type: 'organization' });
    const counts = full.map((o: { package_count: number }) => o.package_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const org = (await action('organization_show', { id: d.department, include_datasets: 'true' })).body.result;
    const ofDept = t.catalog.datasets.filter((x) => x.department === d.department).map((x) => x.id).sort();
    expect(org.package_count).toBe(ofDept.length);
    expect(ids(org.packages).sort()).toEqual(ofDept);

    expect((await action('group_list')).body.result).toContain(d.theme);
    const group = (await action('group_show', { id: d.theme, include_datasets: 'true' })).body.result;
    expect(group).toMatchObject({ name: d.theme, is_organization: false, type: 'group' });
    expect(ids(group.packages)).toContain(d.id);
  });

  it('tag_list lists the keywords; resource_show answers a resource of package_show', async () => {
    const d = multiVersion();
    const tags = (await action('tag_list')).body.result as string[];
    expect(tags).toEqual(expect.arrayContaining(d.keywords));
    expect((await action('tag_list', { query: d.keywords[0]! })).body.result).toContain(d.keywords[0]);
    const p = (await action('package_show', { id: d.id })).body.result;
    const older = p.resources.at(-1);
    expect((await action('resource_show', { id: older.id })).body.result).toEqual(older);
  });

  it('help_show describes an action, status_show the site', async () => {
    expect((await action('help_show', { name: 'package_search' })).body.result).toMatch(/Search datasets/);
    expect((await action('status_show')).body.result).toMatchObject({ ckan_version: expect.stringMatching(/^2\./), site_url: expect.stringMatching(/^http/) });
  });
});

describe('package_search', () => {
  it('filters with fq on organization, groups, tags and res_format, and combines them as CKAN\'s Solr does', async () => {
    const d = multiVersion();
    const inDept = t.catalog.datasets.filter((x) => x.department === d.department).map((x) => x.id).sort();
    expect(ids((await search({ fq: `organization:${d.department}`, rows: 100 })).results).sort()).toEqual(inDept);
    const inTheme = t.catalog.datasets.filter((x) => x.theme === d.theme).map((x) => x.id).sort();
    expect(ids((await search({ fq: `groups:${d.theme}`, rows: 100 })).results).sort()).toEqual(inTheme);
    const tag = d.keywords[0]!;
    const tagged = t.catalog.datasets.filter((x) => x.keywords.includes(tag) || x.keywords_en.includes(tag)).map((x) => x.id).sort();
    expect(ids((await search({ fq: `tags:"${tag}"`, rows: 100 })).results).sort()).toEqual(tagged);
    expect((await search({ fq: 'res_format:CSV' })).count).toBe(t.catalog.datasets.length);
    expect((await search({ fq: 'res_format:PDF' })).count).toBe(0);

    const other = t.catalog.datasets.find((x) => x.department !== d.department)!;
    const either = (await search({ fq: `organization:${d.department} OR organization:${other.department}`, rows: 100 })).results;
    expect(new Set(either.map((p) => p.organization.name))).toEqual(new Set([d.department, other.department]));
    const excluded = (await search({ fq: `-organization:${d.department}`, rows: 100 })).results;
    expect(excluded).toHaveLength(t.catalog.datasets.length - inDept.length);
    const both = t.catalog.datasets.filter((x) => x.department === d.department && x.theme === d.theme).map((x) => x.id).sort();
    expect(ids((await search({ fq: `organization:${d.department} groups:${d.theme}`, rows: 100 })).results).sort()).toEqual(both);
    // Terms joined by spaces are ANDed (the harvester's organizations_filter_exclude sends -organization:a -organization:b).
    expect((await search({ fq: `organization:${d.department} organization:${other.department}` })).count).toBe(0);
    const inOther = t.catalog.datasets.filter((x) => x.department === other.department).length;
    expect((await search({ fq: `-organization:${d.department} -organization:${other.department}` })).count).toBe(t.catalog.datasets.length - inDept.length - inOther);
    expect((await search({ fq: `(organization:${d.department} OR organization:${other.department}) AND NOT groups:${d.theme}`, rows: 100 })).results.every((p) => p.groups[0].name !== d.theme)).toBe(true);
  });

  it('reads the other Solr forms clients send: +field, *:*, field:(a OR b), prefix*, NOW ranges', async () => {
    const total = t.catalog.datasets.length;
    expect((await search({ fq: '+dataset_type:dataset +state:active' })).count).toBe(total);
    expect((await search({ q: '*:*', fq: '*:*' })).count).toBe(total);
    const [a, b] = [...new Set(t.catalog.datasets.map((d) => d.department))];
    const inAB = t.catalog.datasets.filter((d) => d.department === a || d.department === b).length;
    expect((await search({ fq: `organization:(${a} OR ${b})` })).count).toBe(inAB);
    const d = multiVersion();
    const prefix = d.id.slice(0, 3);
    expect((await search({ fq: `name:${prefix}*`, rows: 100 })).results.map((p) => p.name).sort()).toEqual(t.catalog.datasets.map((x) => x.id).filter((id) => id.startsWith(prefix)).sort());
    expect((await search({ fq: 'metadata_modified:[* TO NOW]' })).count).toBe(total);
    expect((await search({ fq: 'metadata_created:[NOW-1DAY TO *]' })).count).toBe(0);
    expect((await action('package_search', { fq: 'metadata_modified:[yesterday TO *]' })).status).toBe(400);
    expect((await action('package_search', { fq: 'organization:(a OR b' })).status).toBe(400);
  });

  it('filters on metadata_modified:[<date> TO *] in the harvester\'s date form (microseconds, Z)', async () => {
    const all = (await search({ rows: 1000, sort: 'metadata_modified desc' })).results;
    const pivot = all[Math.floor(all.length / 2)]!.metadata_modified as string;
    const since = `${pivot.slice(0, 19)}.000000Z`;
    const expected = all.filter((p) => `${p.metadata_modified}Z` >= since).map((p) => p.id).sort();
    const found = await search({ fq: `metadata_modified:[${since} TO *]`, rows: 1000 });
    expect(ids(found.results).sort()).toEqual(expected);
    expect(found.count).toBeLessThan(all.length);
    expect((await search({ fq: 'metadata_modified:[NOW TO *]' })).count).toBe(0);
  });

  it('pages with rows and start: every dataset once, in a stable order', async () => {
    const seen: string[] = [];
    for (let start = 0; ; start += 5) {
      const page = await search({ rows: 5, start, sort: 'id asc' });
      expect(page.count).toBe(t.catalog.datasets.length);
      if (!page.results.length) break;
      seen.push(...ids(page.results));
    }
    expect(seen).toEqual(t.catalog.datasets.map((d) => d.id).sort());
    expect((await search({ rows: 5000 })).results).toHaveLength(t.catalog.datasets.length);
    expect((await search({})).results).toHaveLength(Math.min(10, t.catalog.datasets.length));
  });

  it('sorts by metadata_modified desc and title_string asc', async () => {
    const byDate = (await search({ rows: 100, sort: 'metadata_modified desc' })).results.map((p) => p.metadata_modified);
    expect(byDate).toEqual([...byDate].sort().reverse());
    const byTitle = (await search({ rows: 100, sort: 'title_string asc' })).results.map((p) => p.title.toLowerCase());
    expect(byTitle).toEqual([...byTitle].sort());
  });

  it('q searches with the catalog\'s own search, and score desc keeps its ranking', async () => {
    const own = await (await t.app.request(`/api/v1/datasets?q=${encodeURIComponent('公交')}&sort=relevance&limit=100`)).json() as { data: { id: string }[] };
    expect(own.data.length).toBeGreaterThan(1);
    const ckan = await search({ q: '公交', sort: 'score desc', rows: 100 });
    expect(ids(ckan.results)).toEqual(own.data.map((d) => d.id));
    expect((await search({ q: 'organization:transport' })).results.every((p) => p.organization.name === 'transport')).toBe(true);
  });

  it('counts facets over every match, not only the page', async () => {
    const r = await search({ rows: 1, 'facet.field': '["organization","res_format","groups"]' });
    const byDept = new Map<string, number>();
    for (const d of t.catalog.datasets) byDept.set(d.department, (byDept.get(d.department) ?? 0) + 1);
    expect(r.facets.organization).toEqual(Object.fromEntries(byDept));
    expect(r.facets.res_format).toEqual({ CSV: t.catalog.datasets.length, JSON: t.catalog.datasets.length, NDJSON: t.catalog.datasets.length, XLSX: t.catalog.datasets.length });
    expect(r.search_facets.organization.items[0]).toMatchObject({ name: expect.any(String), display_name: expect.any(String), count: expect.any(Number) });
  });
});

describe('keeping harvesters true', () => {
  it('a metadata edit moves metadata_modified, so an incremental harvest picks it up', async () => {
    const d = t.catalog.datasets.find((x) => x.versions.length === 1)!;
    const since = `${new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString().slice(0, 19)}.000000Z`;
    expect((await search({ fq: `metadata_modified:[${since} TO *]` })).count).toBe(0);
    await updateDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, d.id, { title_zh: `${d.title_zh}（修订）` });
    const found = await search({ fq: `metadata_modified:[${since} TO *]` });
    expect(ids(found.results)).toEqual([d.id]);
    expect(found.results[0].title).toBe(`${d.title_zh}（修订）`);
    expect(`${found.results[0].metadata_modified}Z` >= since).toBe(true);
    expect(ids((await action('current_package_list_with_resources', { limit: 1 })).body.result)).toEqual([d.id]);
  });

  it('a withdrawn version moves metadata_modified forward and leaves the resources', async () => {
    const d = multiVersion();
    const n = d.versions.length;
    const since = `${new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString().slice(0, 19)}.000000Z`;
    expect(ids((await search({ fq: `metadata_modified:[${since} TO *]`, rows: 100 })).results)).not.toContain(d.id);
    await withdrawVersion(t.deps, { id: 'admin', role: 'admin', departmentId: null }, d.id, n, 'Wrong figures');
    const found = (await search({ fq: `metadata_modified:[${since} TO *]`, rows: 100 })).results.find((p) => p.id === d.id);
    expect(found, 'the withdrawal must reach an incremental harvest').toBeDefined();
    expect(found.version).toBe(String(n - 1));
    expect(found.resources.map((r: { id: string }) => r.id)).not.toContain(`${d.id}-v${n}-csv`);
    expect(found.resources[0].id).toBe(`${d.id}-v${n - 1}-csv`);
  });
});
