import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp } from './helpers.js';
import { seededVersions, type SeededVersion, type TestApp } from './downloads-fixtures.js';
import { versionFiles } from '../src/versions/versions.present.js';
import { queryRun } from './support/db-query.js';

let t: TestApp;
let multi: SeededVersion[];
let single: SeededVersion;
const api = (id: string) => `/api/v1/datasets/${id}`;

beforeAll(async () => {
  t = await createTestApp();
  const all = (await seededVersions(t));
  const multiId = all.find((v) => v.n === 2 && v.openType === 'open')!.datasetId;
  multi = all.filter((v) => v.datasetId === multiId);
  single = all.find((v) => v.openType === 'open' && !all.some((w) => w.datasetId === v.datasetId && w.n > 1))!;
});
afterAll(() => t.close());

const problem = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; code: string; detail: string; [k: string]: unknown };
};

describe('version metadata', () => {
  test('the list has every version, newest first, with diff, schema and files (null until built)', async () => {
    const res = await t.app.request(`${api(multi[0]!.datasetId)}/versions`);
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.total).toBe(multi.length);
    expect(list.data.map((v: { n: number }) => v.n)).toEqual(multi.map((v) => v.n).reverse());
    const [v2] = list.data;
    const v1 = list.data.at(-1);
    expect(v2.diff).toEqual({ added: expect.any(Number), removed: expect.any(Number), changed: expect.any(Number) });
    expect(v2.diff.added + v2.diff.removed + v2.diff.changed).toBeGreaterThan(0);
    expect(v1.diff).toBeNull();
    expect(v2.schema.map((f: { name: string }) => f.name)).toEqual(multi.at(-1)!.schema.map((f) => f.name));
    expect(v2.artifacts.map((a: { key: string }) => a.key)).toEqual(['csv', 'csv_bom', 'json', 'ndjson', 'xlsx']);
    expect(v2.artifacts[1].url).toBe(`${api(multi[0]!.datasetId)}/versions/${v2.n}/data.csv?bom=1`);
    expect(v2.artifacts[0].bytes).toBeNull();
  });

  test('one version has its files built, with sizes and checksums that match the downloads', async () => {
    const v = multi[1]!;
    const res = await t.app.request(`${api(v.datasetId)}/versions/${v.n}`);
    expect(res.status).toBe(200);
    const version = await res.json();
    expect(version).toMatchObject({ n: v.n, status: 'published', row_count: expect.any(Number), change_note: expect.any(String) });
    for (const file of version.artifacts) {
      const dl = await t.app.request(file.url);
      expect(dl.status, file.url).toBe(200);
      expect(dl.headers.get('etag')).toBe(`"${file.sha256}"`);
      expect(Number(dl.headers.get('content-length'))).toBe(file.bytes);
    }
    const files = (await versionFiles(t.deps, v.datasetId, v.n))!;
    expect(files.map((f) => [f.format, f.bytes, f.sha256])).toEqual(version.artifacts.map((a: { format: string; bytes: number; sha256: string }) => [a.format, a.bytes, a.sha256]));
    expect(await versionFiles(t.deps, v.datasetId, 99)).toBeNull();
  });

  test('paging through versions with limit and cursor', async () => {
    const first = await (await t.app.request(`${api(multi[0]!.datasetId)}/versions?limit=1`)).json();
    expect(first.data).toHaveLength(1);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await (await t.app.request(`${api(multi[0]!.datasetId)}/versions?limit=1&cursor=${first.next_cursor}`)).json();
    expect(second.data[0].n).toBe(first.data[0].n - 1);
  });

  test('datapackage.json is a Frictionless Data Package with checksums and a Table Schema', async () => {
    const v = multi[0]!;
    const res = await t.app.request(`${api(v.datasetId)}/versions/${v.n}/datapackage.json`);
    expect(res.status).toBe(200);
    const pkg = await res.json();
    expect(pkg.name).toBe(v.datasetId);
    expect(pkg.resources.map((r: { format: string }) => r.format)).toEqual(['csv', 'json', 'ndjson', 'xlsx']);
    const csv = pkg.resources[0];
    expect(csv.path).toBe(`http://127.0.0.1:3000${api(v.datasetId)}/versions/${v.n}/data.csv`);
    expect(csv.mediatype).toBe('text/csv');
    expect(csv.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const dl = await t.app.request(new URL(csv.path).pathname);
    expect(dl.headers.get('etag')).toBe(`"${csv.hash.slice(7)}"`);
    expect(Number(dl.headers.get('content-length'))).toBe(csv.bytes);
    const pk = v.schema.find((f) => f.primary_key)!;
    expect(csv.schema.primaryKey).toEqual([pk.name]);
    expect(csv.schema.fields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual(v.schema.map((f) => [f.name, f.type]));
    const pkField = csv.schema.fields.find((f: { name: string }) => f.name === pk.name);
    expect(pkField.constraints).toMatchObject({ required: true, unique: true });
    const withEnum = v.schema.find((f) => f.enum);
    if (withEnum) expect(csv.schema.fields.find((f: { name: string }) => f.name === withEnum.name).constraints.enum).toEqual(withEnum.enum);
  });
});

describe('bad input', () => {
  test('unknown version, a version of another dataset, unknown dataset: 404 problems', async () => {
    for (const u of [`${api(single.datasetId)}/versions/99/data.csv`, `${api(single.datasetId)}/versions/2/data.csv`, `${api(single.datasetId)}/versions/0/data.csv`, `${api(single.datasetId)}/versions/abc/data.csv`, `${api(single.datasetId)}/versions/1.0/data.csv`, `${api('no-such-dataset')}/versions/1/data.csv`, `${api(single.datasetId)}/versions/2`, `${api(single.datasetId)}/versions/x/datapackage.json`]) {
      const res = await t.app.request(u);
      expect(res.status, u).toBe(404);
      expect((await problem(res)).status).toBe(404);
    }
  });

  test('a format outside the four is 404 with the allowed list', async () => {
    for (const format of ['pdf', 'CSV', 'csv.gz', 'xls', '']) {
      const res = await t.app.request(`${api(single.datasetId)}/versions/1/data.${format}`);
      expect(res.status, format).toBe(404);
      const body = await problem(res);
      expect(body.code, format).toBe('unknown_format');
      expect(body.allowed).toEqual(['csv', 'json', 'ndjson', 'xlsx']);
    }
  });

  test('path tricks never reach files outside the store', async () => {
    const tricks = [
      `${api(single.datasetId)}/versions/1/data.csv%2F..%2F..%2Fkaifang.db`,
      `${api(single.datasetId)}/versions/1/data.%2E%2E%2Fkaifang.db`,
      `${api('..%2F..%2Fkaifang.db')}/versions/1/data.csv`,
      `${api(single.datasetId)}/versions/..%2F1/data.csv`,
      `${api(single.datasetId)}/versions/1/../../../../kaifang.db`,
      `${api(single.datasetId)}/versions/1/data.csv/..%5C..%5Ckaifang.db`,
      `/api/v1/datasets/${single.datasetId}/data.csv%00`,
    ];
    for (const u of tricks) {
      const res = await t.app.request(u);
      expect(res.status, u).toBe(404);
      const text = await res.text();
      expect(res.headers.get('content-type'), u).toMatch(/problem\+json/);
      expect(text, u).not.toContain('SQLite format');
    }
  });
});

describe('withdrawn versions and the latest redirect', () => {
  test('data.{format} redirects (307, short max-age) to the latest version, keeping bom=1', async () => {
    const id = multi[0]!.datasetId;
    const latest = multi.at(-1)!.n;
    const res = await t.app.request(`${api(id)}/data.csv?bom=1`);
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${api(id)}/versions/${latest}/data.csv?bom=1`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await t.app.request(`${api(id)}/data.xlsx`)).headers.get('location')).toBe(`${api(id)}/versions/${latest}/data.xlsx`);
    expect((await t.app.request(`${api(id)}/data.docx`)).status).toBe(404);
    expect((await t.app.request(`${api('nope')}/data.csv`)).status).toBe(404);
  });

  test('a withdrawn version answers 410 naming the replacement and stays listed with its reason', async () => {
    const id = multi[0]!.datasetId;
    const latest = multi.at(-1)!.n;
    const previous = latest - 1;
    (await queryRun(t.db, `UPDATE versions SET status = 'withdrawn', withdrawn_at = '2025-01-01T00:00:00Z', withdrawn_reason = '含错误数据' WHERE dataset_pk = ? AND n = 1`, multi[0]!.pk));
    const res = await t.app.request(`${api(id)}/versions/1/data.csv`);
    expect(res.status).toBe(410);
    const body = await problem(res);
    expect(body.code).toBe('version_withdrawn');
    expect(body.replacement).toEqual({ n: latest, url: `${api(id)}/versions/${latest}` });
    expect(body.detail).toContain('含错误数据');
    expect((await t.app.request(`${api(id)}/versions/1/datapackage.json`)).status).toBe(410);
    const listed = await (await t.app.request(`${api(id)}/versions`)).json();
    expect(listed.data.find((v: { n: number }) => v.n === 1)).toMatchObject({ status: 'withdrawn', withdrawn_reason: '含错误数据' });
    expect((await t.app.request(`${api(id)}/versions/1`)).status).toBe(200);

    (await queryRun(t.db, `UPDATE versions SET status = 'published', withdrawn_at = NULL, withdrawn_reason = NULL WHERE dataset_pk = ? AND n = 1`, multi[0]!.pk));
    (await queryRun(t.db, `UPDATE versions SET status = 'withdrawn', withdrawn_reason = '口径调整' WHERE dataset_pk = ? AND n = ?`, multi[0]!.pk, latest));
    expect((await t.app.request(`${api(id)}/data.csv`)).headers.get('location')).toBe(`${api(id)}/versions/${previous}/data.csv`);
    expect((await problem(await t.app.request(`${api(id)}/versions/${latest}/data.json`))).replacement).toEqual({ n: previous, url: `${api(id)}/versions/${previous}` });
    (await queryRun(t.db, `UPDATE versions SET status = 'published', withdrawn_reason = NULL WHERE dataset_pk = ? AND n = ?`, multi[0]!.pk, latest));
  });
});

describe('conditional datasets and the API document', () => {
  test('downloads of conditional data need a grant (403), their metadata stays public', async () => {
    const v = (await seededVersions(t)).find((x) => x.openType === 'conditional')!;
    const res = await t.app.request(`${api(v.datasetId)}/versions/${v.n}/data.csv`);
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe('grant_required');
    expect((await t.app.request(`${api(v.datasetId)}/versions/${v.n}`)).status).toBe(200);
  });

  test('every versions route is in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    for (const p of ['/api/v1/datasets/{id}/versions', '/api/v1/datasets/{id}/versions/{n}', '/api/v1/datasets/{id}/versions/{n}/datapackage.json', '/api/v1/datasets/{id}/versions/{n}/data.{format}', '/api/v1/datasets/{id}/data.{format}']) {
      expect(doc.paths[p]?.get, p).toBeDefined();
    }
  });
});
