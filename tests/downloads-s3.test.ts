// Issue 14, object storage: the portal with its artifacts in an S3-compatible bucket (s3rver in its own process,
// tests/support/s3-server.ts), over its real HTTP server on 127.0.0.1. A version published through the real publish
// path (workers write, the app stores into the bucket) downloads exactly as from the files folder: same bytes, ETag,
// Range, gzip representation, 304, HEAD and counting. With KAIFANG_FILES_REDIRECT=1 a GET answers a presigned URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createTestApp } from './helpers.js';
import { startPortalServer, type TestServer } from './http-server.helpers.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';
import { eventCount } from './usage.helpers.js';
import { ok, order, person, step } from './demand.helpers.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { getVersion } from '../src/versions/versions.service.js';
import { queryValue } from './support/db-query.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Portal = { t: TestApp; server: TestServer; prefix: string | null };
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

const halls = 'tax-service-halls'; // taxation, open: ordered on the demand board below
const dataset = 'bucket-companies';
const rows = 30_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let s3: S3TestServer;
let client: S3Client;
let csvFile: string;
let local: Portal; // the files folder, as today
let bucket: Portal; // streamed through the portal from the bucket
let redirecting: Portal; // KAIFANG_FILES_REDIRECT=1
const opened: Portal[] = [];

/** One request as sent, the answer as received: no redirect followed, no decompression. */
function raw(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The object under the portal's prefix, read straight from the bucket (null when there is none). */
async function inBucket(prefix: string, key: string): Promise<Buffer | null> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}${key}` }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw err;
  }
}

async function portal(bucketed: boolean, extra: Record<string, string> = {}): Promise<Portal> {
  const prefix = bucketed ? `run-${randomBytes(4).toString('hex')}/artifacts/` : null;
  const env = prefix
    ? {
        KAIFANG_FILES_URL: `s3://${s3.bucket}/${prefix}`,
        KAIFANG_S3_ENDPOINT: s3.endpoint,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
        ...extra,
      }
    : extra;
  const t = await createTestApp({ datasets: [halls], env });
  const dept = (await queryValue(t.db, 'SELECT id FROM departments LIMIT 1')) as string;
  const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset(dataset, dept, theme));
  await publishVersion(t.deps, { datasetId: dataset, filePath: csvFile, changeNote: '首次发布', publishedBy: null });
  const p = { t, server: await startPortalServer(t), prefix };
  opened.push(p);
  return p;
}

const fileUrl = (p: Portal, format = 'csv', query = '') => `${p.server.base}/api/v1/datasets/${dataset}/versions/1/data.${format}${query}`;

async function recorded(p: Portal, key: 'csv' | 'csv_bom' | 'json' | 'ndjson' | 'xlsx') {
  const pk = (await queryValue(p.t.db, 'SELECT pk FROM datasets WHERE id = ?', dataset)) as number;
  return (await getVersion(p.t.db, pk, 1))!.artifacts[key]!;
}

const objectKey = (sha: string, ext: string, gz = false) => `${sha.slice(0, 2)}/${sha}.${ext}${gz ? '.gz' : ''}`;

beforeAll(async () => {
  s3 = await startS3Server();
  client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-s3-csv-'));
  csvFile = path.join(scratch, 'companies.csv');
  writeCompanyCsv(csvFile, rows);
  local = await portal(false);
  bucket = await portal(true);
  redirecting = await portal(true, { KAIFANG_FILES_REDIRECT: '1' });
}, 180_000);

afterAll(async () => {
  for (const p of opened) {
    await p.server.close();
    await p.t.close();
  }
  client?.destroy();
  if (csvFile) fs.rmSync(path.dirname(csvFile), { recursive: true, force: true });
  await s3?.stop();
});

describe('artifacts in a bucket, streamed through the portal', () => {
  it('a published version is stored in the bucket (none of it in the files folder) and downloads byte for byte as from the files folder', async () => {
    expect(bucket.t.deps.files.kind).toBe('s3');
    const artifactDirs = (dir: string) => fs.readdirSync(dir).filter((n) => /^[0-9a-f]{2}$/.test(n));
    expect(artifactDirs(bucket.t.deps.filesDir)).toEqual([]);
    for (const [format, query, key] of [['csv', '', 'csv'], ['csv', '?bom=1', 'csv_bom'], ['json', '', 'json'], ['ndjson', '', 'ndjson'], ['xlsx', '', 'xlsx']] as const) {
      const info = await recorded(bucket, key);
      const object = await inBucket(bucket.prefix!, objectKey(info.sha256, format));
      expect(object, `${key} in the bucket`).not.toBeNull();
      expect(sha256(object!)).toBe(info.sha256);
      // The recorded size of the .gz is the stored object's (served without asking the bucket).
      const gz = await inBucket(bucket.prefix!, objectKey(info.sha256, format, true));
      if (key === 'xlsx') expect(gz, 'a workbook has no .gz').toBeNull();
      else expect(info.gzipBytes).toBe(gz!.length);
      const fromBucket = await raw(fileUrl(bucket, format, query));
      expect(fromBucket.status, key).toBe(200);
      expect(fromBucket.headers.etag).toBe(`"${info.sha256}"`);
      expect(fromBucket.headers['content-length']).toBe(String(info.bytes));
      expect(fromBucket.body.equals(object!)).toBe(true);
      if (key === 'xlsx') continue; // a workbook carries its build time: compared with its own record only
      const fromFolder = await raw(fileUrl(local, format, query));
      expect(fromBucket.headers.etag).toBe(fromFolder.headers.etag);
      expect(fromBucket.body.equals(fromFolder.body), key).toBe(true);
      for (const h of ['content-type', 'content-disposition', 'cache-control', 'repr-digest', 'accept-ranges', 'vary']) expect(fromBucket.headers[h], h).toBe(fromFolder.headers[h]);
    }
  });

  it('answers one byte Range with 206 and exactly those bytes of the stored object, and 416 past the end', async () => {
    const info = await recorded(bucket, 'ndjson');
    const object = (await inBucket(bucket.prefix!, objectKey(info.sha256, 'ndjson')))!;
    const size = object.length;
    for (const [range, start, end] of [['bytes=100-1099', 100, 1099], ['bytes=0-0', 0, 0], [`bytes=${size - 10}-`, size - 10, size - 1], ['bytes=-25', size - 25, size - 1], [`bytes=${size - 5}-${size + 100}`, size - 5, size - 1]] as const) {
      const res = await raw(fileUrl(bucket, 'ndjson'), { headers: { Range: range } });
      expect(res.status, range).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers['content-length']).toBe(String(end - start + 1));
      expect(res.body.equals(object.subarray(start, end + 1)), range).toBe(true);
    }
    const outside = await raw(fileUrl(bucket, 'ndjson'), { headers: { Range: `bytes=${size}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${size}`);
  });

  it('serves the stored .gz for Accept-Encoding: gzip, with its own ETag, decompressing to the file', async () => {
    const info = await recorded(bucket, 'json');
    const gz = (await inBucket(bucket.prefix!, objectKey(info.sha256, 'json', true)))!;
    const res = await raw(fileUrl(bucket, 'json'), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.etag).toBe(`"${info.sha256}.gz"`);
    expect(res.headers['content-length']).toBe(String(gz.length));
    expect(res.body.equals(gz)).toBe(true);
    expect(sha256(gunzipSync(res.body))).toBe(info.sha256);
    expect(gz.length).toBeLessThan(info.bytes);
  });

  it('answers If-None-Match with 304 and HEAD with the headers alone, counting exactly as the files folder does', async () => {
    const info = await recorded(bucket, 'csv');
    expect(await inBucket(bucket.prefix!, objectKey(info.sha256, 'csv'))).not.toBeNull(); // the file these answers describe is the bucket's
    for (const [encoding, etag] of [['identity', `"${info.sha256}"`], ['gzip', `"${info.sha256}.gz"`]]) {
      const res = await raw(fileUrl(bucket), { headers: { 'Accept-Encoding': encoding!, 'If-None-Match': etag! } });
      expect(res.status).toBe(304);
      expect(res.headers.etag).toBe(etag);
      expect(res.body.length).toBe(0);
    }
    const head = await raw(fileUrl(bucket), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(info.bytes));
    expect(head.headers.etag).toBe(`"${info.sha256}"`);
    expect(head.body.length).toBe(0);
    // The same requests against both portals, an hour after the downloads above (outside the double-click window).
    const sequence = async (p: Portal) => {
      const later = Date.now() + 3_600_000;
      p.t.deps.now = () => new Date(later);
      const before = await eventCount(p.t, "kind = 'download'");
      await raw(fileUrl(p), { method: 'HEAD' });
      await raw(fileUrl(p), { headers: { 'If-None-Match': `"${info.sha256}"` } });
      await raw(fileUrl(p), { headers: { Range: 'bytes=10-20' } });
      await raw(fileUrl(p, 'json'), { headers: { 'Accept-Encoding': 'gzip' } });
      await raw(fileUrl(p, 'ndjson'), { headers: { Range: 'bytes=0-' } });
      await raw(fileUrl(p, 'csv', '?bom=1'));
      return (await eventCount(p.t, "kind = 'download'")) - before;
    };
    const counted = await sequence(bucket);
    expect(counted).toBe(3);
    expect(counted).toBe(await sequence(local));
  });
});

describe('a demand-board delivery with the bucket', () => {
  it('stores the snapshot files in the bucket and the requesting department downloads them (whole, and a Range)', async () => {
    const { t } = bucket;
    const a = await person(t, 'publisher', 'transport');
    const b = await person(t, 'publisher', 'taxation');
    const [placed] = await order(t, a, [{ dataset: halls }]);
    await ok(step(t, b, placed!.id, 'accept', { note: '同意' }));
    const delivered = await ok(step(t, b, placed!.id, 'deliver'));
    expect(delivered.status).toBe('delivered');
    const d = await ok(await t.app.request(`/api/v1/demands/${placed!.id}`, { headers: { cookie: a.cookie } }));
    const csv = d.deliveries.find((v: { format: string }) => v.format === 'csv');
    const sha = (await queryValue(t.db, 'SELECT artifact_sha FROM deliveries WHERE id = ?', csv.id)) as string;
    const object = await inBucket(bucket.prefix!, objectKey(sha, 'csv'));
    expect(object).not.toBeNull();
    const res = await raw(`${bucket.server.base}${csv.download_url}`, { headers: { cookie: a.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body.equals(object!)).toBe(true);
    const hallRows = (await queryValue(t.db, "SELECT row_count FROM versions v JOIN datasets d ON d.pk = v.dataset_pk WHERE d.id = ? AND v.n = d.latest_version", halls)) as number;
    expect(res.body.toString('utf8').trim().split('\r\n')).toHaveLength(hallRows + 1);
    const part = await raw(`${bucket.server.base}${csv.download_url}`, { headers: { cookie: a.cookie, Range: 'bytes=5-49' } });
    expect(part.status).toBe(206);
    expect(part.body.equals(object!.subarray(5, 50))).toBe(true);
    const xlsx = d.deliveries.find((v: { format: string }) => v.format === 'xlsx');
    const book = await raw(`${bucket.server.base}${xlsx.download_url}`, { headers: { cookie: a.cookie } });
    expect(book.status).toBe(200);
    expect(book.body.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('KAIFANG_FILES_REDIRECT=1', () => {
  it('answers a GET with 307 to a short-lived presigned URL that plain fetch follows to the exact bytes, counted once at the redirect', async () => {
    const info = await recorded(redirecting, 'csv');
    const before = await eventCount(redirecting.t, "kind = 'download'");
    const res = await raw(fileUrl(redirecting));
    expect(res.status).toBe(307);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const location = new URL(res.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${s3.endpoint}/${s3.bucket}/${redirecting.prefix}${objectKey(info.sha256, 'csv')}`);
    expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(await eventCount(redirecting.t, "kind = 'download'")).toBe(before + 1);

    const fromBucket = await fetch(location);
    expect(fromBucket.status).toBe(200);
    const bytes = Buffer.from(await fromBucket.arrayBuffer());
    expect(sha256(bytes)).toBe(info.sha256);
    // The bucket answers with the portal's file name and type.
    const fromFolder = await raw(fileUrl(local));
    expect(bytes.equals(fromFolder.body)).toBe(true);
    expect(fromBucket.headers.get('content-disposition')).toBe(fromFolder.headers['content-disposition']);
    expect(fromBucket.headers.get('content-type')).toBe(fromFolder.headers['content-type']);
    // A client that just follows redirects gets the file.
    const followed = await fetch(fileUrl(redirecting));
    expect(followed.status).toBe(200);
    expect(sha256(Buffer.from(await followed.arrayBuffer()))).toBe(info.sha256);
  });

  it('still answers HEAD, If-None-Match and an unsatisfiable Range itself, uncounted; a gzip GET redirects to the stored .gz', async () => {
    const info = await recorded(redirecting, 'json');
    const before = await eventCount(redirecting.t, "kind = 'download'");
    const head = await raw(fileUrl(redirecting, 'json'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(info.bytes));
    expect(head.headers.location).toBeUndefined();
    expect((await raw(fileUrl(redirecting, 'json'), { headers: { 'If-None-Match': `"${info.sha256}"` } })).status).toBe(304);
    expect((await raw(fileUrl(redirecting, 'json'), { headers: { Range: `bytes=${info.bytes}-` } })).status).toBe(416);
    expect(await eventCount(redirecting.t, "kind = 'download'")).toBe(before);

    const gz = await raw(fileUrl(redirecting, 'json'), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.status).toBe(307);
    expect(new URL(gz.headers.location!).pathname.endsWith(`${objectKey(info.sha256, 'json')}.gz`)).toBe(true);
    const stored = await raw(gz.headers.location!, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(stored.status).toBe(200);
    expect(stored.headers['content-encoding']).toBe('gzip');
    expect(sha256(gunzipSync(stored.body))).toBe(info.sha256);
  });

  it('refuses to start without a bucket to redirect to, naming the setting', async () => {
    const { readEnv } = await import('../src/env.js');
    expect(() => readEnv({ KAIFANG_FILES_REDIRECT: '1' })).toThrow(/KAIFANG_FILES_REDIRECT: 1 needs KAIFANG_FILES_URL/);
    expect(() => readEnv({ KAIFANG_FILES_URL: 's3://Bad_Bucket' })).toThrow(/KAIFANG_FILES_URL: "Bad_Bucket" is not a bucket name/);
    expect(() => readEnv({ KAIFANG_FILES_URL: 's3://ok-bucket', AWS_ACCESS_KEY_ID: 'id' })).toThrow(/AWS_SECRET_ACCESS_KEY: is needed/);
    expect(readEnv({ KAIFANG_FILES_URL: 's3://ok-bucket/p', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' }).files).toMatchObject({ kind: 's3', bucket: 'ok-bucket', prefix: 'p/', credentials: { accessKeyId: 'id', secretAccessKey: 'secret' } });
  });
});
