import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createDataset, selectCatalog, type CatalogRow } from '../src/catalog/index.js';
import { publishVersion } from '../src/versions/index.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';

// The schema.org JSON-LD a search engine reads from the pages' <head>: parsed from the HTML as a crawler would.

let t: Awaited<ReturnType<typeof createTestApp>>;
let rows: readonly CatalogRow[];
const admin = { id: 'u_admin', role: 'admin' as const, departmentId: null };
const hostile = 'x-script-title';
const hostileTitle = '企业名录</script><script>alert(1)</script><!--';

beforeAll(async () => {
  t = await createTestApp();
  rows = await selectCatalog(t.deps);
  const some = rows[0]!;
  await createDataset(t.deps, admin, { ...companyDataset(hostile, some.department_id, some.theme_id), title_zh: hostileTitle, title_en: 'Companies </SCRIPT> & <b>' });
  const file = path.join(t.dataDir, 'companies.csv');
  writeCompanyCsv(file, 12);
  await publishVersion(t.deps, { datasetId: hostile, filePath: file, changeNote: '首次发布', publishedBy: null });
});
afterAll(() => t.close());

/** Every JSON-LD block of the page's <head>, parsed. */
async function jsonLd(url: string): Promise<Record<string, unknown>[]> {
  const res = await t.app.request(url);
  expect(res.status, url).toBe(200);
  const html = await res.text();
  const head = html.slice(0, html.indexOf('</head>'));
  const blocks = [...head.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(blocks.length, url).toBeGreaterThan(0);
  return blocks.map((b) => JSON.parse(b) as Record<string, unknown>);
}

const datasetProperties = ['name', 'description', 'url', 'identifier', 'keywords', 'license', 'isAccessibleForFree', 'creator', 'datePublished', 'dateModified', 'temporalCoverage', 'spatialCoverage', 'version', 'variableMeasured', 'distribution', 'includedInDataCatalog'];

describe('schema.org Dataset in the dataset page', () => {
  it('has @type Dataset with every listed property, for a real dataset, in the page\'s language', async () => {
    const d = rows.find((r) => r.open_type === 'open' && r.latest_version)!;
    const [ld] = await jsonLd(`/datasets/${d.id}`);
    expect(ld!['@context']).toBe('https://schema.org');
    expect(ld!['@type']).toBe('Dataset');
    for (const p of datasetProperties) expect(ld![p], p).toBeDefined();
    expect(ld!.name).toBe(d.title_zh);
    expect(ld!.description).toBe(d.summary_zh);
    expect(ld!.url).toMatch(new RegExp(`^http://[^/]+/datasets/${d.id}$`));
    expect(ld!.identifier).toContain(d.code);
    expect(ld!.keywords).toEqual(expect.arrayContaining(d.keywords));
    expect(ld!.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(ld!.isAccessibleForFree).toBe(true);
    expect(ld!.creator).toMatchObject({ '@type': 'GovernmentOrganization', name: d.department_zh, url: expect.stringMatching(new RegExp(`/departments/${d.department_id}$`)) });
    expect(Date.parse(ld!.datePublished as string)).not.toBeNaN();
    expect(ld!.dateModified).toBe(d.updated_at);
    expect(ld!.temporalCoverage).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
    expect(ld!.spatialCoverage).toEqual({ '@type': 'Place', name: d.spatial });
    expect(ld!.version).toBe(String(d.latest_version));
    expect((ld!.variableMeasured as { name: string }[]).map((v) => v.name)).toEqual(d.schema.map((f) => f.name));
    const files = ld!.distribution as { '@type': string; encodingFormat: string; contentUrl: string }[];
    expect(files.map((f) => f.encodingFormat)).toEqual(['text/csv', 'application/json', 'application/x-ndjson', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    for (const f of files) {
      expect(f['@type']).toBe('DataDownload');
      const res = await t.app.request(new URL(f.contentUrl).pathname);
      expect(res.status, f.contentUrl).toBe(200); // the URLs download the files
    }
    expect(ld!.includedInDataCatalog).toMatchObject({ '@type': 'DataCatalog', url: expect.stringMatching(/\/datasets$/) });

    const [en] = await jsonLd(`/en/datasets/${d.id}`);
    expect(en!.name).toBe(d.title_en);
    expect(en!.url).toMatch(new RegExp(`/en/datasets/${d.id}$`));
    expect((en!.creator as { name: string }).name).toBe(d.department_en);
  });

  it('a conditional dataset is not marked free to access and says why', async () => {
    const d = rows.find((r) => r.open_type === 'conditional')!;
    const [ld] = await jsonLd(`/en/datasets/${d.id}`);
    expect(ld!.isAccessibleForFree).toBe(false);
    expect(ld!.conditionsOfAccess).toMatch(/grant/);
    expect(ld!.distribution).toBeUndefined(); // its files need a grant
  });

  it('survives a title containing </script>: one JSON-LD block that parses back to the exact title', async () => {
    const res = await t.app.request(`/datasets/${hostile}`);
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    const [ld] = await jsonLd(`/datasets/${hostile}`);
    expect(ld!.name).toBe(hostileTitle);
    expect(ld!.alternateName).toBe('Companies </SCRIPT> & <b>');
    const [en] = await jsonLd(`/en/datasets/${hostile}`);
    expect(en!.name).toBe('Companies </SCRIPT> & <b>');
  });
});

describe('schema.org DataCatalog in the catalog page', () => {
  it('describes the catalog and lists the datasets shown', async () => {
    const [ld] = await jsonLd('/datasets');
    expect(ld!['@type']).toBe('DataCatalog');
    expect(ld!.name).toBe('马鞍山市公共数据开放平台');
    expect(ld!.url).toMatch(/^http:\/\/[^/]+\/datasets$/);
    const listed = (ld!.dataset as { '@type': string; url: string; name: string }[]);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((d) => d['@type'] === 'Dataset' && /\/datasets\/[^/]+$/.test(d.url))).toBe(true);
    expect(listed.map((d) => d.name)).toContain(hostileTitle);
    const [en] = await jsonLd('/en/datasets');
    expect(en!.name).toBe("Ma'anshan Open Data");
  });
});
