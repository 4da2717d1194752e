import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp } from './helpers.js';
import { parseCsv, seededVersions, type SeededVersion, type TestApp } from './downloads-fixtures.js';
import { queryRun } from './support/db-query.js';

let t: TestApp;
let open: SeededVersion;
let url: string;
const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

beforeAll(async () => {
  t = await createTestApp();
  open = (await seededVersions(t)).find((v) => v.openType === 'open' && v.schema.filter((f) => f.type === 'string' && !f.primary_key && !f.enum).length >= 4)!;
  url = `/api/v1/datasets/${open.datasetId}/versions/${open.n}/data.csv`;
});
afterAll(() => t.close());

describe('a versioned download', () => {
  test('is an immutable attachment named after the Chinese title and version', async () => {
    const res = await t.app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="${open.datasetId}_v${open.n}.csv"; filename*=UTF-8''${encodeURIComponent(`${open.title}_v${open.n}.csv`)}`);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`${open.title}_v${open.n}.csv`);
    expect(/[^\x20-\x7e]/.test(disposition)).toBe(false);
    const bytes = await body(res);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
  });

  test('ETag: If-None-Match answers 304 without a body; another tag gets the file', async () => {
    const etag = (await t.app.request(url)).headers.get('etag')!;
    const same = await t.app.request(url, { headers: { 'If-None-Match': etag } });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect((await body(same)).length).toBe(0);
    expect((await t.app.request(url, { headers: { 'If-None-Match': `"nope", W/${etag}` } })).status).toBe(304);
    expect((await t.app.request(url, { headers: { 'If-None-Match': '"0000"' } })).status).toBe(200);
  });

  test('Range: one range gives 206 with Content-Range, past the end 416, malformed or multiple ranges the whole file', async () => {
    const full = await body(await t.app.request(url));
    const part = await t.app.request(url, { headers: { Range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${full.length}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect((await body(part)).equals(full.subarray(0, 100))).toBe(true);

    const tail = await t.app.request(url, { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect((await body(tail)).equals(full.subarray(full.length - 10))).toBe(true);
    const open_ended = await t.app.request(url, { headers: { Range: `bytes=${full.length - 5}-` } });
    expect((await body(open_ended)).equals(full.subarray(full.length - 5))).toBe(true);

    const beyond = await t.app.request(url, { headers: { Range: `bytes=${full.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${full.length}`);
    expect(beyond.headers.get('content-type')).toMatch(/problem\+json/);

    for (const malformed of ['bytes=abc', 'bytes=10-5', 'items=0-10', 'bytes=0-1,5-6', 'bytes=-', 'bytes 0-1']) {
      const res = await t.app.request(url, { headers: { Range: malformed } });
      expect(res.status, malformed).toBe(200);
      expect((await body(res)).length, malformed).toBe(full.length);
    }
  });

  test('If-Range with another ETag ignores the range', async () => {
    const res = await t.app.request(url, { headers: { Range: 'bytes=0-9', 'If-Range': '"other"' } });
    expect(res.status).toBe(200);
  });

  test('gzip is served from the precompressed file when accepted, never with a range', async () => {
    const full = await body(await t.app.request(url));
    const gz = await t.app.request(url, { headers: { 'Accept-Encoding': 'br, gzip;q=0.8' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
    const compressed = await body(gz);
    expect(Number(gz.headers.get('content-length'))).toBe(compressed.length);
    expect(compressed.length).toBeLessThan(full.length);
    expect(gunzipSync(compressed).equals(full)).toBe(true);
    expect(gz.headers.get('etag')).not.toBe((await t.app.request(url)).headers.get('etag'));

    expect((await t.app.request(url, { headers: { 'Accept-Encoding': 'gzip;q=0' } })).headers.get('content-encoding')).toBeNull();
    const ranged = await t.app.request(url, { headers: { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-encoding')).toBeNull();
  });

  test('HEAD answers the headers of GET without a body', async () => {
    const get = await t.app.request(url);
    const head = await t.app.request(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect((await body(head)).length).toBe(0);
  });

  test('JSON, NDJSON and XLSX downloads have their media types and their own ETags', async () => {
    const etags = new Set<string>();
    for (const [format, type] of [['json', 'application/json'], ['ndjson', 'application/x-ndjson'], ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['csv', 'text/csv']]) {
      const res = await t.app.request(url.replace(/csv$/, format!));
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type'), format).toMatch(new RegExp(`^${type}`));
      expect(res.headers.get('content-disposition'), format).toContain(`_v${open.n}.${format}`);
      etags.add(res.headers.get('etag')!);
    }
    expect(etags.size).toBe(4);
  });
});

describe('the Excel variant (?bom=1)', () => {
  test('starts with a BOM, neutralises formula-looking text cells, and has its own ETag', async () => {
    const [a, b, c, d] = open.schema.filter((f) => f.type === 'string' && !f.primary_key && !f.enum);
    const table = `ds_${open.pk}_v${open.n}`;
    (await queryRun(t.db, `UPDATE ${table} SET ${a!.name} = '=1+1', ${b!.name} = '@SUM(A1)', ${c!.name} = '-2+3', ${d!.name} = '+86 555' WHERE _rowid = (SELECT MIN(_rowid) FROM ${table})`));
    (await queryRun(t.db, `UPDATE versions SET artifacts = '{}' WHERE dataset_pk = ? AND n = ?`, open.pk, open.n));

    const excel = await t.app.request(`${url}?bom=1`);
    expect(excel.status).toBe(200);
    const bytes = await body(excel);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text[0]).toBe('\uFEFF');
    const first = parseCsv(text.slice(1));
    // Built now, so headed by the Chinese labels (issue 16); the columns are the schema's, in order.
    expect(first.header).toEqual(open.schema.map((f) => f.label_zh));
    const row = Object.fromEntries(open.schema.map((f, i) => [f.name, first.records[0]![i]]));
    expect(row[a!.name]).toBe("'=1+1");
    expect(row[b!.name]).toBe("'@SUM(A1)");
    expect(row[c!.name]).toBe("'-2+3");
    expect(row[d!.name]).toBe("'+86 555");

    const plain = await t.app.request(url);
    const plainText = (await body(plain)).toString('utf8');
    expect(plainText[0]).not.toBe('\uFEFF');
    const parsed = parseCsv(plainText);
    expect(parsed.records[0]![parsed.header.indexOf(a!.name)]).toBe('=1+1');
    expect(excel.headers.get('etag')).not.toBe(plain.headers.get('etag'));
  });

  test('bom applies to CSV only; unknown parameters are refused', async () => {
    const json = await t.app.request(url.replace(/csv$/, 'json?bom=1'));
    expect(json.status).toBe(400);
    expect((await json.json()).code).toBe('invalid_parameter');
    const unknown = await t.app.request(`${url}?bom=1&foo=2`);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).code).toBe('unknown_parameter');
    expect((await t.app.request(`${url}?bom=yes`)).status).toBe(400);
  });
});

describe('artifacts built on demand', () => {
  test('concurrent first requests share one build and get the same bytes', async () => {
    const v = (await seededVersions(t)).find((x) => x.openType === 'open' && x.datasetId !== open.datasetId)!;
    (await queryRun(t.db, `UPDATE versions SET artifacts = '{}' WHERE dataset_pk = ? AND n = ?`, v.pk, v.n));
    const u = `/api/v1/datasets/${v.datasetId}/versions/${v.n}/data.xlsx`;
    const responses = await Promise.all([1, 2, 3, 4].map(() => t.app.request(u)));
    const etags = new Set(responses.map((r) => r.headers.get('etag')));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(etags.size).toBe(1);
    const lengths = await Promise.all(responses.map(async (r) => (await body(r)).length));
    expect(new Set(lengths).size).toBe(1);
  });
});
