// Compression (brotli, gzip) and revalidation (ETag, Cache-Control, 304) over the portal's real HTTP server, read
// with a raw client so the bytes on the wire are what is checked.
import http from 'node:http';
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { startPortalServer, type TestServer } from './http-server.helpers.js';
import { loadCatalog } from '../datasets/index.js';

const catalog = loadCatalog().datasets;
const small = catalog.find((d) => d.open_type === 'open' && d.rows >= 200 && d.rows < 500)!;
const big = catalog.find((d) => d.id === 'admin-licensing')!;

let t: Awaited<ReturnType<typeof createTestApp>>;
let server: TestServer;
beforeAll(async () => {
  t = await createTestApp({ datasets: [small.id, big.id] });
  server = await startPortalServer(t);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http.get(`${server.base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
const decode = (r: Raw) => (r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body);

const compressed = [
  ['the catalog (JSON)', '/api/v1/datasets?limit=50'],
  ['the OpenAPI document', '/openapi.json'],
  ['a page (HTML)', '/'],
  ['the docs assets', '/docs/assets/swagger-ui-bundle.js'],
  ['a records page as CSV', `/api/v1/datasets/${small.id}/records?format=csv&limit=300`],
  ['a records page as NDJSON', `/api/v1/datasets/${small.id}/records?format=ndjson&limit=300`],
] as const;

describe('compression', () => {
  it.each(compressed)('%s: br and gzip answer compressed and decode to the same bytes', async (_what, path) => {
    const plain = await get(path);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const coding of ['br', 'gzip'] as const) {
      const res = await get(path, { 'accept-encoding': coding === 'br' ? 'gzip, deflate, br' : 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body.length).toBeLessThan(plain.body.length);
      expect(decode(res).equals(plain.body)).toBe(true);
    }
  });

  it('does not compress a small body, or for a client that accepts no coding', async () => {
    const health = await get('/healthz', { 'accept-encoding': 'gzip, br' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok' });
    const refused = await get('/openapi.json', { 'accept-encoding': 'identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const zeroQ = await get('/openapi.json', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(zeroQ.headers['content-encoding']).toBeUndefined();
  });

  it('a versioned download keeps its own gzip file, strong ETag and Range: no brotli, no transform', async () => {
    const url = `/api/v1/datasets/${small.id}/versions/1/data.csv`;
    const plain = await get(url);
    expect(plain.status).toBe(200);
    const etag = plain.headers.etag!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const br = await get(url, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBeUndefined();
    expect(br.body.equals(plain.body)).toBe(true);
    expect(br.headers.etag).toBe(etag);
    const gz = await get(url, { 'accept-encoding': 'gzip, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.etag).toBe(`"${etag.slice(1, -1)}.gz"`);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const part = await get(url, { 'accept-encoding': 'gzip, br', range: 'bytes=0-99' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 0-99/${plain.body.length}`);
    expect(part.body.equals(plain.body.subarray(0, 100))).toBe(true);
    expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(304);
  });

  it('a whole records result still streams compressed: the first rows arrive before the end', async () => {
    const url = `${server.base}/api/v1/datasets/${big.id}/records?limit=all&format=csv`;
    const seen = await new Promise<{ firstAt: number; endAt: number; text: string; rawChunks: number }>((resolve, reject) => {
      http.get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        expect(res.headers['content-encoding']).toBe('gzip');
        let firstAt = 0;
        let rawChunks = 0;
        const parts: Buffer[] = [];
        res.on('data', () => rawChunks++);
        const gunzip = res.pipe(createGunzip());
        gunzip.on('data', (c: Buffer) => {
          if (!firstAt) firstAt = rawChunks;
          parts.push(c);
        });
        gunzip.on('end', () => resolve({ firstAt, endAt: rawChunks, text: Buffer.concat(parts).toString(), rawChunks }));
        gunzip.on('error', reject);
      }).on('error', reject);
    });
    expect(seen.text.trim().split('\n')).toHaveLength(big.rows + 1);
    // Decoded rows came out while most of the compressed body had not arrived yet.
    expect(seen.rawChunks).toBeGreaterThan(3);
    expect(seen.firstAt).toBeLessThan(seen.endAt / 2);
  });

  it('a compressed stream the client drops gives its stream slot back', async () => {
    // Two whole-result streams at once per client; three dropped one after the other must not use them up.
    const url = `${server.base}/api/v1/datasets/${big.id}/records?limit=all&format=ndjson`;
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => { req.destroy(); resolve(); });
        });
        req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
      });
    }
    for (let i = 0; i < 50; i++) {
      const res = await get(`/api/v1/datasets/${big.id}/records?limit=all&format=ndjson`, { 'accept-encoding': 'br' });
      if (res.status === 200) {
        expect(brotliDecompressSync(res.body).toString().trim().split('\n')).toHaveLength(big.rows);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the dropped streams kept their slots');
  });
});

const revalidated = [
  ['the catalog', '/api/v1/datasets'],
  ['a dataset\'s metadata', `/api/v1/datasets/${small.id}`],
  ['its versions', `/api/v1/datasets/${small.id}/versions`],
  ['departments', '/api/v1/departments'],
  ['a department', `/api/v1/departments/${small.department}`],
  ['themes', '/api/v1/themes'],
  ['statistics', '/api/v1/stats/overview'],
  ['statistics per department', '/api/v1/stats/departments'],
  ['datapackage.json', `/api/v1/datasets/${small.id}/versions/1/datapackage.json`],
  ['the OpenAPI document', '/openapi.json'],
] as const;

describe('revalidation', () => {
  it.each(revalidated)('%s: ETag and a short Cache-Control; If-None-Match answers 304, compressed or not', async (_what, path) => {
    const first = await get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(first.headers['cache-control']).toMatch(/must-revalidate|no-cache/);
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
    // Compressed, the tag is weak (another representation), and sending it back still revalidates.
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    if (gz.headers['content-encoding']) expect(gz.headers.etag).toBe(`W/${etag}`);
    expect((await get(path, { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag! })).status).toBe(304);
    expect((await get(path, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });
});
