// The artifact blob store (src/lib/blobs): one behaviour suite run against the files folder and against a real
// S3-compatible server (s3rver, in its own process: tests/support/s3-server.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BlobError, blobKey, blobStoreFromEnv, createFsBlobStore, parseFilesConfig, createS3BlobStore, s3Client, verifyBlobContent, type BlobKey, type BlobStore } from '../src/lib/blobs/index.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';

const MiB = 1024 * 1024;
const partSize = 5 * MiB;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const keyOf = (bytes: Buffer, ext = 'csv') => blobKey(sha256(bytes), ext);
const gzKeyOf = (bytes: Buffer, ext = 'csv') => blobKey(sha256(bytes), ext, 'gzip');
/** A stream in uneven chunks, as a writer would produce it. */
const streamOf = (bytes: Buffer) => Readable.from([bytes.subarray(0, 7), bytes.subarray(7, 70_001), bytes.subarray(70_001)].filter((b) => b.length));
const csvText = (rows: number) => Buffer.from(['id,name,district', ...Array.from({ length: rows }, (_, i) => `${i},站点${i},区${i % 16}`)].join('\n'));

type Engine = {
  store: BlobStore;
  /** Writes bytes under a key behind the store's back, as a corrupted or foreign object would be. */
  plant(key: BlobKey, bytes: Buffer): Promise<void>;
  /** Every name the store's root holds (files, temp files, objects). */
  everything(): Promise<string[]>;
  /** Commands the store sent (S3 only). */
  commands: string[];
  tempDir: string;
};

let s3server: S3TestServer;
const roots: string[] = [];

beforeAll(async () => {
  s3server = await startS3Server();
});

afterAll(async () => {
  await s3server?.stop();
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-blobs-'));
  roots.push(dir);
  return dir;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

function fsEngine(): Engine {
  const filesDir = tempDir();
  return {
    store: createFsBlobStore(filesDir),
    async plant(key, bytes) {
      fs.mkdirSync(path.join(filesDir, key.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(filesDir, key), bytes);
    },
    everything: async () => listFiles(filesDir),
    commands: [],
    tempDir: tempDir(),
  };
}

/** Notes each command the client sends and the checksum-related headers of its request. */
function recordCommands(client: S3Client, into: string[]) {
  client.middlewareStack.add((next, context) => async (args) => {
    const headers = Object.keys((args.request as { headers?: Record<string, string> }).headers ?? {});
    const encoding = (args.request as { headers?: Record<string, string> }).headers?.['content-encoding'] ?? '';
    const extra = headers.filter((h) => /^x-amz-(sdk-)?checksum-/.test(h)).concat(encoding.includes('aws-chunked') ? ['aws-chunked'] : []);
    into.push(`${context.commandName ?? '?'}${extra.length ? ` ${extra.join(' ')}` : ''}`);
    return next(args);
  }, { step: 'finalizeRequest', name: 'recordCommandsForTest' });
}

function s3Engine(): Engine {
  const prefix = `run-${randomBytes(4).toString('hex')}/artifacts/`;
  const client = s3Client({ endpoint: s3server.endpoint, region: s3server.region, forcePathStyle: true, credentials: s3server.credentials });
  const commands: string[] = [];
  recordCommands(client, commands);
  return {
    store: createS3BlobStore({ s3: client, bucket: s3server.bucket, prefix, partSizeBytes: partSize }),
    async plant(key, bytes) {
      await client.send(new PutObjectCommand({ Bucket: s3server.bucket, Key: `${prefix}${key}`, Body: bytes }));
    },
    async everything() {
      const out = await client.send(new ListObjectsV2Command({ Bucket: s3server.bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((o) => o.Key!.slice(prefix.length));
    },
    commands,
    tempDir: tempDir(),
  };
}

const read = async (store: BlobStore, key: BlobKey, range?: { start: number; end: number }) => buffer(await store.read(key, range));

describe.each([
  { name: 'files folder', make: fsEngine },
  { name: 'S3 bucket (s3rver process)', make: s3Engine },
])('blob store: $name', ({ make }) => {
  it('a put is read back exactly, whole and by byte ranges', async () => {
    const { store } = make();
    const bytes = randomBytes(200_000);
    const key = keyOf(bytes);
    expect(await store.putStream(key, streamOf(bytes))).toEqual({ key, created: true });
    expect(await store.head(key)).toEqual({ exists: true, size: bytes.length });
    expect((await read(store, key)).equals(bytes)).toBe(true);
    expect((await read(store, key, { start: 1000, end: 1999 })).equals(bytes.subarray(1000, 2000))).toBe(true);
    expect((await read(store, key, { start: 0, end: 0 })).equals(bytes.subarray(0, 1))).toBe(true);
    // An end past the last byte reads to the end, as in HTTP.
    expect((await read(store, key, { start: bytes.length - 10, end: bytes.length + 500 })).equals(bytes.subarray(-10))).toBe(true);
    await expect(store.read(key, { start: bytes.length, end: bytes.length + 5 })).rejects.toMatchObject({ code: 'range_not_satisfiable' });
  });

  it('a .gz copy is stored under the key of what it decompresses to', async () => {
    const { store, tempDir: dir } = make();
    const text = csvText(5000);
    const gz = gzipSync(text);
    const file = path.join(dir, 'data.csv.gz');
    fs.writeFileSync(file, gz);
    const key = gzKeyOf(text);
    expect(await store.putFile(key, file, { contentType: 'application/gzip' })).toEqual({ key, created: true });
    expect((await read(store, key)).equals(gz)).toBe(true);
    expect((await read(store, key, { start: 10, end: 99 })).equals(gz.subarray(10, 100))).toBe(true);
  });

  it('a put whose content does not match its key is refused and leaves nothing', async () => {
    const { store, everything, tempDir: dir } = make();
    const good = csvText(2000);
    const bad = Buffer.concat([good.subarray(0, -1), Buffer.from('X')]);
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, bad);
    await expect(store.putStream(keyOf(good), streamOf(bad))).rejects.toMatchObject({ code: 'integrity' });
    await expect(store.putFile(keyOf(good), file)).rejects.toBeInstanceOf(BlobError);
    await expect(store.putFile(keyOf(good), file, { handOver: true })).rejects.toMatchObject({ code: 'integrity' });
    // A gzip copy of other content, and bytes that are no gzip at all.
    await expect(store.putStream(gzKeyOf(good), streamOf(gzipSync(bad)))).rejects.toMatchObject({ code: 'integrity' });
    await expect(store.putStream(gzKeyOf(good), streamOf(good))).rejects.toMatchObject({ code: 'integrity' });
    // Large enough for several parts: the parts sent before the mismatch shows must not become an object.
    const big = randomBytes(11 * MiB);
    await expect(store.putStream(keyOf(randomBytes(16)), streamOf(big))).rejects.toMatchObject({ code: 'integrity' });
    expect(await store.head(keyOf(good))).toEqual({ exists: false });
    expect(await everything()).toEqual([]);
    expect(fs.existsSync(file)).toBe(true); // a refused hand-over leaves the caller's file alone
  });

  it('a key that exists is never written again', async () => {
    const { store, plant } = make();
    const bytes = csvText(300);
    const key = keyOf(bytes);
    expect((await store.putStream(key, streamOf(bytes))).created).toBe(true);
    expect((await store.putStream(key, streamOf(bytes))).created).toBe(false);
    // What is stored stays, even when it is not what a put would write (a damaged copy is repaired by a
    // delete first, deliberately, never by a put).
    const other = csvText(301);
    const otherKey = keyOf(other);
    const foreign = Buffer.from('planted,not,the,content\n');
    await plant(otherKey, foreign);
    expect(await store.putStream(otherKey, streamOf(other))).toEqual({ key: otherKey, created: false });
    expect((await read(store, otherKey)).equals(foreign)).toBe(true);
    await store.delete(otherKey);
    expect(await store.putStream(otherKey, streamOf(other))).toEqual({ key: otherKey, created: true });
    expect((await read(store, otherKey)).equals(other)).toBe(true);
  });

  it('a file of several parts round-trips (11 MiB in 5 MiB parts)', async () => {
    const { store, commands, tempDir: dir } = make();
    const bytes = randomBytes(11 * MiB);
    const file = path.join(dir, 'big.ndjson');
    fs.writeFileSync(file, bytes);
    const key = keyOf(bytes, 'ndjson');
    expect(await store.putFile(key, file)).toEqual({ key, created: true });
    expect(await store.head(key)).toEqual({ exists: true, size: bytes.length });
    expect(sha256(await read(store, key))).toBe(sha256(bytes));
    // Across the boundary of the first two parts.
    expect((await read(store, key, { start: partSize - 100, end: partSize + 99 })).equals(bytes.subarray(partSize - 100, partSize + 100))).toBe(true);
    if (store.kind === 's3') {
      expect(commands.filter((c) => c.startsWith('UploadPartCommand'))).toHaveLength(3);
      expect(commands.filter((c) => c.startsWith('CompleteMultipartUploadCommand'))).toHaveLength(1);
      // No flexible-checksum headers and no aws-chunked body: S3-compatible servers refuse them or store them.
      expect(commands.filter((c) => c.includes(' '))).toEqual([]);
    }
  });

  it('a missing key: head says missing, read says not found, delete is harmless', async () => {
    const { store } = make();
    const key = keyOf(Buffer.from('never stored'));
    expect(await store.head(key)).toEqual({ exists: false });
    await expect(store.read(key)).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.read(key, { start: 0, end: 10 })).rejects.toMatchObject({ code: 'not_found' });
    await store.delete(key);
    const bytes = Buffer.from('a,b\n1,2\n');
    await store.putStream(keyOf(bytes), streamOf(bytes));
    await store.delete(keyOf(bytes));
    expect(await store.head(keyOf(bytes))).toEqual({ exists: false });
  });

  it('keys are only sha256 paths: nothing else reaches the folder or the bucket', async () => {
    const { store } = make();
    const sha = sha256(Buffer.from('x'));
    for (const key of ['../etc/passwd', `${sha.slice(0, 2)}/${sha}.csv/../../x`, `zz/${sha}.csv`, `${sha.slice(0, 2)}/${sha}.CSV`, `/${sha.slice(0, 2)}/${sha}.csv`]) {
      await expect(store.head(key)).rejects.toThrow(/not a blob key/);
      await expect(store.putStream(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(/not a blob key/);
    }
  });
});

describe('S3 bucket only', () => {
  it('a presigned URL can be fetched by anyone, with the response headers it names', async () => {
    const { store } = s3Engine();
    const bytes = csvText(800);
    const key = keyOf(bytes);
    await store.putStream(key, streamOf(bytes), { contentType: 'text/csv; charset=utf-8' });
    const url = await store.presignedGetUrl!(key, 60, { contentDisposition: 'attachment; filename="bus-stops-v3.csv"' });
    expect(url.startsWith(`${s3server.endpoint}/${s3server.bucket}/`)).toBe(true); // path style
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bus-stops-v3.csv"');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(url, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('the files folder has no presigned URLs', () => {
    expect(createFsBlobStore(tempDir()).presignedGetUrl).toBeUndefined();
  });
});

describe('files folder only', () => {
  it('uses the layout of today\'s artifacts: <sha[0:2]>/<sha>.<ext> and .gz', async () => {
    const filesDir = tempDir();
    const store = createFsBlobStore(filesDir);
    const text = csvText(1000);
    const sha = sha256(text);
    await store.putStream(blobKey(sha, 'csv', 'gzip'), streamOf(gzipSync(text)));
    await store.putStream(blobKey(sha, 'csv'), streamOf(text));
    expect(listFiles(filesDir).sort()).toEqual([`${sha.slice(0, 2)}/${sha}.csv`, `${sha.slice(0, 2)}/${sha}.csv.gz`]);
    expect(fs.readFileSync(path.join(filesDir, sha.slice(0, 2), `${sha}.csv`)).equals(text)).toBe(true);
  });

  it('reads artifacts written by the versions feature as they are on disk today', async () => {
    const { storeArtifact } = await import('../src/versions/artifact-store.js');
    const filesDir = tempDir();
    const text = csvText(3000);
    const info = await storeArtifact({ files: createFsBlobStore(filesDir), filesDir }, 'csv', Readable.from([text]));
    const store = createFsBlobStore(filesDir);
    expect((await read(store, blobKey(info.sha256, 'csv'))).equals(text)).toBe(true);
    expect(await store.head(blobKey(info.sha256, 'csv', 'gzip'))).toMatchObject({ exists: true });
    // Its .gz passes the check a put makes (it decompresses to the sha256 of its key).
    await verifyBlobContent(blobKey(info.sha256, 'csv', 'gzip'), await store.read(blobKey(info.sha256, 'csv', 'gzip')));
    expect((await store.putStream(blobKey(info.sha256, 'csv'), streamOf(text))).created).toBe(false);
  });

  it('a handed-over file is moved into place, not copied', async () => {
    const filesDir = tempDir();
    const store = createFsBlobStore(filesDir);
    const text = csvText(100);
    const file = path.join(filesDir, '.tmp-build-output');
    fs.writeFileSync(file, text);
    const inode = fs.statSync(file).ino;
    expect((await store.putFile(keyOf(text), file, { handOver: true })).created).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.statSync(path.join(filesDir, keyOf(text))).ino).toBe(inode);
  });
});

describe('choosing the store from settings', () => {
  const filesDir = '/srv/kaifang/data/files';

  it('is the files folder unless KAIFANG_FILES_URL names a bucket', () => {
    expect(parseFilesConfig({}, { filesDir })).toEqual({ kind: 'fs', dir: filesDir });
    expect(parseFilesConfig({ KAIFANG_FILES_URL: 's3://open-data/portal/artifacts/' }, { filesDir })).toEqual({
      kind: 's3', bucket: 'open-data', prefix: 'portal/artifacts/', region: 'us-east-1', forcePathStyle: false, conditionalPut: true,
    });
    const oss = parseFilesConfig({
      KAIFANG_FILES_URL: 's3://city-data',
      KAIFANG_S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com',
      KAIFANG_S3_REGION: 'oss-cn-hangzhou',
      KAIFANG_S3_PATH_STYLE: '0',
      KAIFANG_S3_CONDITIONAL_PUT: '0',
      AWS_ACCESS_KEY_ID: 'id',
      AWS_SECRET_ACCESS_KEY: 'secret',
    }, { filesDir });
    expect(oss).toMatchObject({ bucket: 'city-data', prefix: '', region: 'oss-cn-hangzhou', forcePathStyle: false, conditionalPut: false, credentials: { accessKeyId: 'id', secretAccessKey: 'secret' } });
    // With an endpoint (MinIO, Ceph RGW) buckets are addressed as paths unless told otherwise.
    expect(parseFilesConfig({ KAIFANG_FILES_URL: 's3://b1b', KAIFANG_S3_ENDPOINT: 'http://minio:9000' }, { filesDir })).toMatchObject({ forcePathStyle: true, endpoint: 'http://minio:9000' });
  });

  it('refuses bad settings with one line per variable', () => {
    const bad = (source: Record<string, string>) => () => parseFilesConfig(source, { filesDir });
    expect(bad({ KAIFANG_FILES_URL: 'https://bucket/x' })).toThrow(/KAIFANG_FILES_URL: must be s3:\/\//);
    expect(bad({ KAIFANG_FILES_URL: 's3://Open_Data/x' })).toThrow(/KAIFANG_FILES_URL: "Open_Data" is not a bucket name/);
    expect(bad({ KAIFANG_FILES_URL: 's3://open-data/a/../b' })).toThrow(/KAIFANG_FILES_URL: the prefix/);
    expect(bad({ KAIFANG_FILES_URL: 's3://open-data', KAIFANG_S3_ENDPOINT: 'minio:9000' })).toThrow(/KAIFANG_S3_ENDPOINT/);
    expect(bad({ KAIFANG_FILES_URL: 's3://open-data', AWS_ACCESS_KEY_ID: 'id' })).toThrow(/AWS_SECRET_ACCESS_KEY: is needed/);
    expect(bad({ KAIFANG_FILES_URL: 's3://open-data', KAIFANG_S3_PATH_STYLE: 'yes' })).toThrow(/KAIFANG_S3_PATH_STYLE/);
  });

  it('builds a working bucket store from the variables alone', async () => {
    const store = await blobStoreFromEnv({
      KAIFANG_FILES_URL: `s3://${s3server.bucket}/from-env/`,
      KAIFANG_S3_ENDPOINT: s3server.endpoint,
      AWS_ACCESS_KEY_ID: s3server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3server.credentials.secretAccessKey,
    }, { filesDir: tempDir() });
    try {
      const bytes = csvText(50);
      expect(store.kind).toBe('s3');
      expect((await store.putStream(keyOf(bytes), streamOf(bytes))).created).toBe(true);
      expect(fs.existsSync(path.join(s3server.dir, s3server.bucket, 'from-env', keyOf(bytes).slice(0, 2)))).toBe(true); // under the prefix
      expect((await read(store, keyOf(bytes))).equals(bytes)).toBe(true);
    } finally {
      store.close();
    }
  });
});
