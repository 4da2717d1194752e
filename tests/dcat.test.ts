// DCAT-AP 3 (issue 15): the catalog as linked data, read back by real RDF parsers from a real HTTP server,
// walked page by page through hydra:next, and checked with a SHACL engine against DCAT-AP 3.0's shapes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, Writer, type Quad } from 'n3';
import jsonld from 'jsonld';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import SHACLValidator from 'rdf-validate-shacl';
import rdf from '@zazuko/env';
import { updateDataset } from '../src/catalog/index.js';
import { createTestApp } from './helpers.js';
import { startPortalServer, type TestServer } from './http-server.helpers.js';

const ns = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/',
  adms: 'http://www.w3.org/ns/adms#', spdx: 'http://spdx.org/rdf/terms#', hydra: 'http://www.w3.org/ns/hydra/core#', sh: 'http://www.w3.org/ns/shacl#',
};
const turtle = 'text/turtle', jsonLd = 'application/ld+json', rdfXml = 'application/rdf+xml';
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const parseTurtle = (text: string): Quad[] => new Parser({ format: 'text/turtle' }).parse(text);
async function parseJsonLd(text: string): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(JSON.parse(text) as object, { format: 'application/n-quads' })) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}
function parseRdfXml(text: string): Promise<Quad[]> {
  const quads: Quad[] = [];
  const parser = new RdfXmlParser();
  return new Promise((resolve, reject) => {
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}
const parseAs = async (type: string, text: string) => (type === turtle ? parseTurtle(text) : type === jsonLd ? await parseJsonLd(text) : await parseRdfXml(text));
/** The graph as sorted N-Triples lines: no blank nodes in ours, so equal sets mean the same graph. */
const ntriples = (quads: Quad[]) => [...new Set(new Writer({ format: 'N-Triples' }).quadsToString(quads).split('\n').filter(Boolean))].sort();
const objects = (quads: Quad[], s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
const subjectsOfType = (quads: Quad[], type: string) => quads.filter((q) => q.predicate.value === `${ns.rdf}type` && q.object.value === type).map((q) => q.subject.value);

async function get(base: string, path: string, accept?: string) {
  const res = await fetch(`${base}${path}`, { headers: accept ? { Accept: accept } : {}, redirect: 'manual' });
  return { res, body: await res.text() };
}

const shapes = rdf.dataset(parseTurtle(fs.readFileSync(new URL('./support/dcat-ap-3.shapes.ttl', import.meta.url), 'utf8')));
const validate = async (quads: Quad[]) => await new SHACLValidator(shapes, { factory: rdf }).validate(rdf.dataset(quads));

describe('DCAT-AP 3 catalog on a real server', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: TestServer;
  beforeAll(async () => {
    t = await createTestApp();
    server = await startPortalServer(t);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('serves Turtle, JSON-LD and RDF/XML that parse back into the same graph', async () => {
    const graphs: string[][] = [];
    for (const [path, type] of [['/catalog.ttl', turtle], ['/catalog.jsonld', jsonLd], ['/catalog.rdf', rdfXml]] as const) {
      const { res, body } = await get(server.base, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const quads = await parseAs(type, body);
      expect(subjectsOfType(quads, `${ns.dcat}Catalog`)).toEqual([`${server.base}/catalog`]);
      graphs.push(ntriples(quads));
    }
    expect(graphs[0]!.length).toBeGreaterThan(500);
    expect(graphs[1]).toEqual(graphs[0]);
    expect(graphs[2]).toEqual(graphs[0]);
    const doc = JSON.parse((await get(server.base, '/catalog.jsonld')).body) as Record<string, unknown>;
    expect(doc['@context']).toMatchObject({ dcat: ns.dcat, dct: ns.dct });
  });

  it('describes every dataset with its code, both languages, versions and files, and passes the DCAT-AP 3 shapes', async () => {
    const quads = parseTurtle((await get(server.base, '/catalog.ttl')).body);
    const report = await validate(quads);
    expect(report.results.map((r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join()}`)).toEqual([]);
    expect(report.conforms).toBe(true);
    const datasets = objects(quads, `${server.base}/catalog`, `${ns.dcat}dataset`).map((o) => o.value);
    expect(datasets).toHaveLength(t.catalog.datasets.length);
    for (const m of t.catalog.datasets) {
      const ds = `${server.base}/datasets/${m.id}`;
      expect(objects(quads, ds, `${ns.dct}identifier`).map((o) => o.value)).toEqual([m.code]);
      expect(objects(quads, ds, `${ns.dct}title`).map((o) => `${o.value}@${(o as { language: string }).language}`).sort()).toEqual([`${m.title_en}@en`, `${m.title_zh}@zh`]);
      const versions = objects(quads, ds, `${ns.dcat}hasVersion`).map((o) => o.value).sort();
      expect(versions).toEqual(m.versions.map((v) => `${ds}/versions/${v.n}`).sort());
      for (const v of m.versions) {
        const vs = `${ds}/versions/${v.n}`;
        expect(objects(quads, vs, `${ns.dcat}version`).map((o) => o.value)).toEqual([String(v.n)]);
        expect(objects(quads, vs, `${ns.adms}versionNotes`).map((o) => o.value)).toEqual([v.change_note]);
        expect(objects(quads, vs, `${ns.dcat}previousVersion`).map((o) => o.value)).toEqual(v.n > 1 ? [`${ds}/versions/${v.n - 1}`] : []);
        expect(objects(quads, vs, `${ns.dcat}distribution`)).toHaveLength(4);
      }
      const latest = m.versions.at(-1)!.n;
      expect(objects(quads, ds, `${ns.dcat}distribution`).map((o) => o.value).sort()).toEqual(['csv', 'json', 'ndjson', 'xlsx'].map((f) => `${ds}/versions/${latest}#${f}`));
      const access = objects(quads, ds, `${ns.dct}accessRights`).map((o) => o.value);
      expect(access).toEqual([`http://publications.europa.eu/resource/authority/access-right/${m.open_type === 'open' ? 'PUBLIC' : 'RESTRICTED'}`]);
    }
  });

  it('gives a built file its byte size and sha256 checksum, the same as the download', async () => {
    const m = t.catalog.datasets.find((d) => d.open_type === 'open')!;
    const n = m.versions.at(-1)!.n;
    const file = await fetch(`${server.base}/api/v1/datasets/${m.id}/versions/${n}/data.csv`);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    const quads = parseTurtle((await get(server.base, `/datasets/${m.id}`, turtle)).body);
    const dist = `${server.base}/datasets/${m.id}/versions/${n}#csv`;
    expect(objects(quads, dist, `${ns.dcat}byteSize`).map((o) => o.value)).toEqual([String(bytes.length)]);
    const checksum = objects(quads, dist, `${ns.spdx}checksum`)[0]!.value;
    expect(objects(quads, checksum, `${ns.spdx}checksumValue`).map((o) => o.value)).toEqual([createHash('sha256').update(bytes).digest('hex')]);
    expect(objects(quads, dist, `${ns.dcat}downloadURL`).map((o) => o.value)).toEqual([`${server.base}/api/v1/datasets/${m.id}/versions/${n}/data.csv`]);
  });

  it('negotiates on /catalog: RDF by Accept, HTML (the catalog page) by default, Vary: Accept', async () => {
    for (const type of [turtle, jsonLd, rdfXml]) {
      const { res, body } = await get(server.base, '/catalog', type);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('vary')).toContain('Accept');
      expect(subjectsOfType(await parseAs(type, body), `${ns.dcat}Catalog`)).toHaveLength(1);
    }
    const browser = await get(server.base, '/catalog', browserAccept);
    expect(browser.res.status).toBe(303);
    expect(browser.res.headers.get('location')).toBe('/datasets');
    expect(browser.res.headers.get('vary')).toContain('Accept');
    for (const accept of [undefined, '*/*']) expect((await get(server.base, '/catalog', accept)).res.status).toBe(303);
  });

  it('negotiates on each dataset page URL, Chinese and English; HTML stays the default', async () => {
    const m = t.catalog.datasets.find((d) => d.versions.length > 1)!;
    const ds = `${server.base}/datasets/${m.id}`;
    for (const path of [`/datasets/${m.id}`, `/en/datasets/${m.id}`]) {
      for (const type of [turtle, jsonLd, rdfXml]) {
        const { res, body } = await get(server.base, path, type);
        expect(res.status, `${path} ${type}`).toBe(200);
        expect(res.headers.get('content-type')).toContain(type);
        expect(res.headers.get('vary')).toContain('Accept');
        const quads = await parseAs(type, body);
        expect(subjectsOfType(quads, `${ns.dcat}Dataset`).sort()).toEqual([ds, ...m.versions.map((v) => `${ds}/versions/${v.n}`)].sort());
        expect((await validate(quads)).conforms).toBe(true);
      }
      for (const accept of [browserAccept, undefined, '*/*']) {
        const { res, body } = await get(server.base, path, accept);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(res.headers.get('vary')).toContain('Accept');
        expect(body).toContain(path.startsWith('/en') ? m.title_en : m.title_zh);
      }
    }
    expect((await get(server.base, '/datasets/no-such-dataset', turtle)).res.status).toBe(404);
  });

  it('moves a dataset\'s dct:modified when its metadata is edited, so a DCAT harvester re-reads it', async () => {
    const d = t.catalog.datasets[0]!;
    const modified = async () => {
      const quads = parseTurtle((await get(server.base, `/datasets/${d.id}`, turtle)).body);
      return objects(quads, `${server.base}/datasets/${d.id}`, `${ns.dct}modified`).map((o) => o.value);
    };
    const before = await modified();
    expect(before).toHaveLength(1);
    const edited = new Date();
    await updateDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, d.id, { title_zh: `${d.title_zh}（修订）` });
    const after = await modified();
    expect(after).toHaveLength(1);
    // The catalog page (built once per catalog change) says the new title too.
    const page = parseTurtle((await get(server.base, '/catalog.ttl')).body);
    expect(objects(page, `${server.base}/datasets/${d.id}`, `${ns.dct}title`).map((o) => o.value)).toContain(`${d.title_zh}（修订）`);
    expect(Date.parse(after[0]!)).toBeGreaterThanOrEqual(Math.floor(edited.getTime() / 1000) * 1000);
    expect(Date.parse(after[0]!)).toBeGreaterThan(Date.parse(before[0]!));
  });

  it('refuses a bad page with problem+json and says when a page does not exist', async () => {
    const bad = await get(server.base, '/catalog.ttl?page=zero');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'invalid_parameter' });
    expect((await get(server.base, '/catalog.ttl?pgae=2')).res.status).toBe(400);
    expect((await get(server.base, '/catalog.ttl?page=2')).res.status).toBe(404);
  });

  it('the shapes catch a missing mandatory property', async () => {
    const quads = parseTurtle((await get(server.base, '/catalog.ttl')).body);
    const dist = subjectsOfType(quads, `${ns.dcat}Distribution`)[0]!;
    const ds = subjectsOfType(quads, `${ns.dcat}Dataset`)[0]!;
    const broken = quads.filter((q) => !(q.subject.value === dist && q.predicate.value === `${ns.dcat}accessURL`) && !(q.subject.value === ds && q.predicate.value === `${ns.dct}description`));
    const report = await validate(broken);
    expect(report.conforms).toBe(false);
    const violations = report.results.filter((r) => r.severity?.value === `${ns.sh}Violation`).map((r) => `${r.focusNode?.value} ${r.path?.value}`);
    expect(violations).toContain(`${dist} ${ns.dcat}accessURL`);
    expect(violations).toContain(`${ds} ${ns.dct}description`);
  });
});

describe('DCAT-AP 3 over the whole catalog (179 datasets)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: TestServer;
  beforeAll(async () => {
    t = await createTestApp({ datasets: 'all' });
    server = await startPortalServer(t);
  }, 600_000);
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('walks hydra:next through every page, finds every dataset once, and every page passes the shapes', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${server.base}/catalog`;
    const pages: string[] = [];
    while (next) {
      const res = await fetch(next, { headers: { Accept: turtle } });
      expect(res.status, next).toBe(200);
      const quads = parseTurtle(await res.text());
      const report = await validate(quads);
      expect(report.results.map((r) => `${r.focusNode?.value} ${r.path?.value}`)).toEqual([]);
      const page = subjectsOfType(quads, `${ns.hydra}PagedCollection`);
      expect(page).toHaveLength(1);
      expect(objects(quads, page[0]!, `${ns.hydra}totalItems`).map((o) => o.value)).toEqual([String(t.catalog.datasets.length)]);
      const datasets = objects(quads, `${server.base}/catalog`, `${ns.dcat}dataset`).map((o) => o.value);
      expect(datasets.length).toBeLessThanOrEqual(100);
      seen.push(...datasets);
      pages.push(page[0]!);
      const n = pages.length;
      expect(objects(quads, page[0]!, `${ns.hydra}first`).map((o) => o.value)).toEqual([`${server.base}/catalog?page=1`]);
      expect(objects(quads, page[0]!, `${ns.hydra}last`).map((o) => o.value)).toEqual([`${server.base}/catalog?page=2`]);
      expect(objects(quads, page[0]!, `${ns.hydra}previous`).map((o) => o.value)).toEqual(n > 1 ? [`${server.base}/catalog?page=${n - 1}`] : []);
      next = objects(quads, page[0]!, `${ns.hydra}next`)[0]?.value;
      expect(objects(quads, page[0]!, `${ns.hydra}nextPage`)[0]?.value).toBe(next);
      expect(res.headers.get('link') ?? '').toContain(next ? `<${next}>; rel="next"` : 'rel="prev"');
    }
    expect(pages).toEqual([`${server.base}/catalog?page=1`, `${server.base}/catalog?page=2`]);
    expect(seen.sort()).toEqual(t.catalog.datasets.map((d) => `${server.base}/datasets/${d.id}`).sort());
  }, 300_000);
});
