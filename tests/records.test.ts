// The keyed records API on the 20k-row open dataset job-postings: paging, versions, formats, caching, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { whenIndexed } from './search-index.helpers.js';
import { loadCatalog } from '../datasets/index.js';
import { commitVersion, writeRowsTable } from '../src/versions/versions.service.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { allRows, queryRun, queryValue, queryValues } from './support/db-query.js';
import { instr } from './support/pg-test-database.js';

// The 20k-row open dataset the filters below are written for (district, salary_min, education...).
const big = loadCatalog().datasets.find((d) => d.id === 'job-postings')!;
const multi = loadCatalog().datasets.find((d) => d.versions.length > 1 && d.rows < 3000 && d.open_type === 'open')!;
const id = big.id;
const pkName = big.fields.find((f) => f.primary_key)!.name;

let t: Awaited<ReturnType<typeof createTestApp>>;
let headers: Record<string, string>;
let datasetPk: number;
let schema: FieldSpec[];

beforeAll(async () => {
  t = await createTestApp({ datasets: [id, multi.id] });
  headers = (await developer(t.app)).headers;
  datasetPk = (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', id)) as number;
  schema = JSON.parse((await queryValue(t.db, 'SELECT schema FROM versions WHERE dataset_pk = ? AND n = 1', datasetPk)) as string);
});
afterAll(() => t.close());

const get = (url: string, extra: Record<string, string> = {}) => t.app.request(url, { headers: { ...headers, ...extra } });
const sqlIds = async (table: string, where = '1 = 1', order = '_rowid', params: unknown[] = []) =>
  (await queryValues(t.db, `SELECT "${pkName}" FROM "${table}" WHERE ${where} ORDER BY ${order}`, ...params)) as string[];
type Page = { data: Record<string, unknown>[]; next_cursor: string | null; total: number; version: number; fields: { name: string }[] };

async function publishNextVersion(n: number): Promise<number> {
  // The next version drops every tenth row and adds 500 new ones (ids sort after the old ones).
  const rows: Row[] = (await allRows(t.db, rowsTableName(datasetPk, n - 1), schema)).filter((_, i) => i % 10 !== 3);
  const template = rows[0]!;
  for (let i = 0; i < 500; i++) rows.push({ ...template, [pkName]: `ZZ${String(i).padStart(6, '0')}` });
  const count = await writeRowsTable(t.db, datasetPk, n, schema, rows);
  await commitVersion(t.db, datasetPk, { n, schema, publishedAt: new Date().toISOString(), changeNote: '测试版本', rowCount: count, diff: null, artifacts: {} });
  return count;
}

describe(`records of ${id} (${big.rows} rows)`, () => {
  it('is a 20k-row open dataset', () => {
    expect(big.rows).toBeGreaterThanOrEqual(20000);
    expect(big.open_type).toBe('open');
  });

  it('pages through every row exactly once in order with limit=1000, even while a new version is published', async () => {
    const expected = await sqlIds(rowsTableName(datasetPk, 1));
    expect(expected).toHaveLength(big.rows);
    const seen: string[] = [];
    let url: string | null = `/api/v1/datasets/${id}/records?limit=1000`;
    let pages = 0;
    while (url) {
      const res = await get(url);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.version).toBe(1);
      expect(page.total).toBe(big.rows);
      seen.push(...page.data.map((r) => r[pkName] as string));
      if (++pages === 5) await publishNextVersion(2);
      const link = res.headers.get('link');
      expect(Boolean(link)).toBe(page.next_cursor !== null);
      url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
    }
    expect(pages).toBe(Math.ceil(big.rows / 1000));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);

    // A walk started now sees the new version.
    const fresh = (await (await get(`/api/v1/datasets/${id}/records?limit=1`)).json()) as Page;
    expect(fresh.version).toBe(2);
    expect(fresh.total).toBe((await queryValue(t.db, 'SELECT row_count FROM versions WHERE dataset_pk = ? AND n = 2', datasetPk)));
  });

  it('pages a filtered, sorted walk (ties on the sort key) in the ground-truth order', async () => {
    const table = rowsTableName(datasetPk, 1);
    const expected = await sqlIds(table, 'district = ?', 'salary_min DESC, _rowid', ['花山区']);
    expect(expected.length).toBeGreaterThan(1000);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await get(`/api/v1/datasets/${id}/versions/1/records?district=${encodeURIComponent('花山区')}&sort=-salary_min&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as Page;
      expect(page.total).toBe(expected.length);
      seen.push(...page.data.map((r) => r[pkName] as string));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('keeps ties in primary-key order and answers the same twice', async () => {
    const url = `/api/v1/datasets/${id}/versions/1/records?sort=district,education&fields=${pkName},district,education&limit=1000`;
    const a = (await (await get(url)).json()) as Page;
    const b = (await (await get(url)).json()) as Page;
    expect(a.data).toEqual(b.data);
    expect(a.data.map((r) => r[pkName])).toEqual((await sqlIds(rowsTableName(datasetPk, 1), '1 = 1', 'district, education, _rowid')).slice(0, 1000));
    expect(Object.keys(a.data[0]!)).toEqual([pkName, 'district', 'education']);
  });

  it('searches full text within the version (Chinese)', async () => {
    const table = rowsTableName(datasetPk, 1);
    const strings = schema.filter((f) => f.type === 'string').map((f) => `${instr}(coalesce("${f.name}", ''), ?) > 0`).join(' OR ');
    await whenIndexed(() => get(`/api/v1/datasets/${id}/versions/1/records?q=${encodeURIComponent('花山区')}&limit=1`));
    for (const term of ['花山区', '会计']) {
      const params = schema.filter((f) => f.type === 'string').map(() => term);
      const expected = await sqlIds(table, `(${strings})`, '_rowid', params);
      const page = (await (await get(`/api/v1/datasets/${id}/versions/1/records?q=${encodeURIComponent(term)}&limit=1000`)).json()) as Page;
      expect(page.total).toBe(expected.length);
      expect(page.data.map((r) => r[pkName])).toEqual(expected.slice(0, 1000));
    }
    const combined = (await (await get(`/api/v1/datasets/${id}/versions/1/records?q=${encodeURIComponent('会计')}&district=${encodeURIComponent('当涂县')}`)).json()) as Page;
    expect(combined.total).toBeGreaterThan(0);
    expect(combined.data.every((r) => r.district === '当涂县')).toBe(true);
    const nothing = (await (await get(`/api/v1/datasets/${id}/versions/1/records?q=${encodeURIComponent('！？')}`)).json()) as Page;
    expect(nothing.total).toBe(0);
  });

  it('streams the whole filtered result as CSV and NDJSON with limit=all', async () => {
    const csv = await get(`/api/v1/datasets/${id}/versions/1/records?format=csv&limit=all&bom=1`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('x-total-count')).toBe(String(big.rows));
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    // bom=1 is the Excel variant: headed by the Chinese labels (issue 16).
    expect(parsed.meta.fields).toEqual(schema.map((f) => f.label_zh));
    const pkLabel = schema.find((f) => f.name === pkName)!.label_zh;
    expect(parsed.data.map((r) => r[pkLabel])).toEqual(await sqlIds(rowsTableName(datasetPk, 1)));

    const nd = await get(`/api/v1/datasets/${id}/versions/1/records?limit=all&education=${encodeURIComponent('本科')}`, { accept: 'application/x-ndjson' });
    expect(nd.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((r) => r[pkName])).toEqual(await sqlIds(rowsTableName(datasetPk, 1), 'education = ?', '_rowid', ['本科']));
    expect(nd.headers.get('x-total-count')).toBe(String(lines.length));
  });

  it('serves a CSV page with a next link, negotiated by Accept', async () => {
    const res = await get(`/api/v1/datasets/${id}/versions/1/records?limit=10`, { accept: 'text/csv' });
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect((await res.text()).trim().split('\r\n')).toHaveLength(11);
    expect(res.headers.get('link')).toMatch(/cursor=/);
  });

  it('answers 304 to a matching If-None-Match; the ETag changes with query, format and version', async () => {
    const url = `/api/v1/datasets/${id}/versions/1/records?district=${encodeURIComponent('雨山区')}&limit=5`;
    const first = await get(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"r1-/);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('x-ratelimit-limit')).toBeTruthy();
    const other = await get(`${url}&sort=-headcount`);
    expect(other.headers.get('etag')).not.toBe(etag);
    expect((await get(`${url}&format=csv`)).headers.get('etag')).not.toBe(etag);
    expect((await get(url.replace('versions/1', 'versions/2'))).headers.get('etag')).not.toBe(etag);
  });

  it('serves pinned versions and refuses missing or withdrawn ones', async () => {
    const mPk = (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', multi.id)) as number;
    for (const v of multi.versions) {
      const page = (await (await get(`/api/v1/datasets/${multi.id}/versions/${v.n}/records?limit=1000`)).json()) as Page;
      expect(page.version).toBe(v.n);
      expect(page.total).toBe((await queryValue(t.db, 'SELECT row_count FROM versions WHERE dataset_pk = ? AND n = ?', mPk, v.n)));
    }
    expect((await get(`/api/v1/datasets/${multi.id}/versions/99/records`)).status).toBe(404);
    expect((await get(`/api/v1/datasets/${multi.id}/versions/abc/records`)).status).toBe(404);
    expect((await get('/api/v1/datasets/no-such-dataset/records')).status).toBe(404);
    (await queryRun(t.db, "UPDATE versions SET status = 'withdrawn', withdrawn_reason = '测试' WHERE dataset_pk = ? AND n = 1", mPk));
    const gone = await get(`/api/v1/datasets/${multi.id}/versions/1/records`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { code: string }).code).toBe('version_withdrawn');
  });
});

describe('bad input', () => {
  const url = (q: string) => `/api/v1/datasets/${id}/versions/1/records?${q}`;
  it.each([
    ['nope=1', 'unknown_field'],
    ['district__like=x', 'unknown_operator'],
    ['nope__gt=1', 'unknown_field'],
    ['sort=nope', 'unknown_field'],
    ['sort=-district,nope', 'unknown_field'],
    ['fields=district,nope', 'unknown_field'],
    ['_size=10', 'unknown_parameter'],
    ['limit=0', 'invalid_parameter'],
    ['limit=100000', 'invalid_parameter'],
    ['limit=abc', 'invalid_parameter'],
    ['limit=-1', 'invalid_parameter'],
    ['limit=1.5', 'invalid_parameter'],
    ['limit=', 'invalid_parameter'],
    ['limit=all', 'invalid_parameter'],
    ['format=xml', 'invalid_parameter'],
    ['sort=district&sort=headcount', 'invalid_parameter'],
    ['fields=', 'invalid_parameter'],
    ['bom=1', 'invalid_parameter'],
    ['cursor=garbage', 'invalid_cursor'],
    ['api_key=kf_abc', 'key_in_query'],
  ])('%s -> 400 %s', async (q, code) => {
    const res = await get(url(q));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; status: number; request_id: string };
    expect(body).toMatchObject({ code, status: 400 });
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('refuses a 4 KB query string with 414, not a 500', async () => {
    const res = await get(url(`district=${'x'.repeat(4200)}`));
    expect(res.status).toBe(414);
    expect(((await res.json()) as { code: string }).code).toBe('uri_too_long');
    const many = await get(url(Array.from({ length: 400 }, (_, i) => `headcount__not=${i}`).join('&')));
    expect(many.status).toBe(414);
    const justUnder = await get(url(`district__in=${Array.from({ length: 100 }, () => '花山区').join(',')}`));
    expect(justUnder.status).toBe(200);
  });

  it('refuses a cursor from another query or dataset', async () => {
    const page = (await (await get(url('limit=2&district=' + encodeURIComponent('花山区')))).json()) as Page;
    const cursor = encodeURIComponent(page.next_cursor!);
    expect((await get(url(`limit=2&district=${encodeURIComponent('雨山区')}&cursor=${cursor}`))).status).toBe(400);
    expect((await get(url(`limit=2&cursor=${cursor}`))).status).toBe(400);
    expect((await get(`/api/v1/datasets/${multi.id}/versions/2/records?cursor=${cursor}`)).status).toBe(400);
    // Changing only limit or fields keeps the cursor valid.
    expect((await get(url(`limit=3&fields=${pkName}&district=${encodeURIComponent('花山区')}&cursor=${cursor}`))).status).toBe(200);
  });
});
