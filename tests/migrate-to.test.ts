// Issue 14, "Moving an existing city": `npm run kaifang -- migrate-to` (a real child process) copies an embedded
// install (seeded datasets, one more published version, a user, a key, a demand, some usage) into a throwaway
// PostgreSQL cluster and an s3rver bucket; a portal opened on PostgreSQL + the bucket then answers as the SQLite one
// did, the user signs in, the key works, new rows get fresh ids; a re-run with --resume changes nothing; a non-empty
// target without --resume, a missing data directory, an unreachable target and a newer target schema are refused.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { closeConnection, openConnection } from '../src/db/connection.js';
import type { Db } from '../src/db/client.js';
import { createPortal } from '../web/portal.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createKey } from '../src/keys/keys.service.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { createTestApp } from './helpers.js';
import { runCli, type CliResult } from './cli.helpers.js';
import { ok, order, type TestApp } from './demand.helpers.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';

type Portal = { fetch: (p: string, init?: RequestInit) => Promise<Response>; db: Db; close: () => Promise<void> };

const secret = 'test-secret-test-secret'; // createTestApp's: cursors and salts are the same on both portals
const dataset = 'migrate-companies';
const password = 'correct horse battery';
const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

let cluster: PgCluster;
let s3: S3TestServer;
let t: TestApp;
let s3Env: Record<string, string>;
let filesUrl: string;
let first: CliResult;
let email: string;
let keySecret: string;
const opened: Portal[] = [];

async function portalOn(dataDir: string, extra: Record<string, string>): Promise<Portal> {
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_USAGE: 'off', ...extra });
  const db = await openConnection({ dataDir, databaseUrl: env.KAIFANG_DATABASE_URL });
  const { app, close } = await createPortal({ db, env, filesDir: path.join(dataDir, 'files'), secret });
  const portal = { fetch: async (p: string, init?: RequestInit) => app.request(p, init), db, close: async () => { await close(); await closeConnection(db); } };
  opened.push(portal);
  return portal;
}

async function seen(portal: Portal, p: string): Promise<{ status: number; body: unknown }> {
  const res = await portal.fetch(p, { headers: { authorization: `Bearer ${keySecret}` } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text.replace(/"request_id":"[^"]*"/g, '"request_id":""')) };
}

const migrate = (args: string[]) => runCli(t.dataDir, ['migrate-to', '--database-url', cluster.url, '--files-url', filesUrl, ...args], s3Env);

/** Every table's row count and every identity sequence's position: what a re-run must leave as it is. */
async function targetState(url: string): Promise<Record<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const out: Record<string, number> = {};
    for (const { name } of await sql<{ name: string }[]>`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`) {
      out[name] = Number((await sql.unsafe(`SELECT COUNT(*) AS n FROM "${name}"`))[0]!.n);
    }
    for (const { name } of await sql<{ name: string }[]>`SELECT sequencename::text AS name FROM pg_sequences WHERE schemaname = 'public'`) {
      out[`seq:${name}`] = Number((await sql.unsafe(`SELECT last_value FROM "${name}"`))[0]!.last_value);
    }
    return out;
  } finally {
    await sql.end();
  }
}

(pgSkipped ? describe.skip : describe)('migrate-to: an embedded install into PostgreSQL and a bucket', () => {
  beforeAll(async () => {
    [cluster, s3] = await Promise.all([startPgCluster(), startS3Server()]);
    s3Env = { KAIFANG_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey };
    filesUrl = `s3://${s3.bucket}/city/artifacts`;
    t = await createTestApp();
    // One more dataset with two published versions (the second one on top of the seeded ones), built files included.
    const dept = t.db.$client.prepare('SELECT id FROM departments ORDER BY id LIMIT 1').pluck().get() as string;
    const theme = t.db.$client.prepare('SELECT id FROM themes ORDER BY id LIMIT 1').pluck().get() as string;
    await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset(dataset, dept, theme));
    const csv = path.join(t.dataDir, 'companies.csv');
    writeCompanyCsv(csv, 800);
    await publishVersion(t.deps, { datasetId: dataset, filePath: csv, changeNote: '首次发布', publishedBy: null });
    writeCompanyCsv(csv, 1200);
    await publishVersion(t.deps, { datasetId: dataset, filePath: csv, changeNote: '第二版', publishedBy: null });
    // A user with a key and a demand, and some use (a download and API calls with the key).
    const otherDept = t.db.$client.prepare('SELECT id FROM departments WHERE id <> ? ORDER BY id LIMIT 1').pluck().get(dept) as string;
    const user = await createUser(t.db, { email: 'migrant@example.gov.cn', password, role: 'user', departmentId: otherDept, name: 'migrant' }, t.deps.now());
    email = user.email;
    keySecret = (await createKey(t.db, user, 'migrated key', t.deps.now())).secret;
    const who = { id: user.id, email, cookie: `kf_session=${(await createSession(t.db, user.id, t.deps.now())).token}` };
    await order(t, who, [{ dataset }]);
    const download = await t.app.request(`/api/v1/datasets/${dataset}/versions/2/data.csv`);
    expect(download.status).toBe(200);
    await download.arrayBuffer();
    for (let i = 0; i < 3; i++) expect((await t.app.request(`/api/v1/datasets/${dataset}/records?limit=5`, { headers: { authorization: `Bearer ${keySecret}` } })).status).toBe(200);
    await t.deps.usage.flush();
    expect(t.db.$client.prepare('SELECT COUNT(*) FROM usage_events').pluck().get()).toBeGreaterThan(0);

    first = await migrate([]);
  }, 300_000);

  afterAll(async () => {
    for (const p of opened) await p.close();
    await t?.close();
    await s3?.stop();
    await cluster?.stop();
  });

  it('copies every table, rows table and artifact, verifies them and says done', async () => {
    expect(first.code, first.out).toBe(0);
    expect(first.stdout).toMatch(/done in [\d.]+ s: .*tables .*rows tables .*artifacts .*all counts and sizes equal/);
    // Every blob of the files folder (each file and its .gz) is in the bucket under the prefix.
    const filesDir = path.join(t.dataDir, 'files');
    const local = fs.readdirSync(filesDir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(filesDir, d)).map((n) => `city/artifacts/${d}/${n}`));
    expect(local.some((k) => k.endsWith('.csv.gz'))).toBe(true);
    const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'city/artifacts/' }));
    client.destroy();
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(local.sort());
  });

  it('a portal on PostgreSQL and the bucket answers the catalog, records pages and downloads as the SQLite one', async () => {
    const sqlite = await portalOn(t.dataDir, {});
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-migrated-'));
    const pg = await portalOn(pgDir, { KAIFANG_DATABASE_URL: cluster.url, KAIFANG_FILES_URL: filesUrl, ...s3Env });
    const list = (await seen(sqlite, '/api/v1/datasets?limit=50')).body as { data: { id: string; open_type: string }[] };
    expect(list.data.map((d) => d.id)).toContain(dataset);
    const paths = ['/api/v1/datasets?limit=50', '/api/v1/datasets?q=%E5%85%AC%E4%BA%A4', '/api/v1/departments', `/api/v1/datasets/${dataset}`, `/api/v1/datasets/${dataset}/versions`];
    for (const d of list.data.filter((x) => x.open_type === 'open').slice(0, 5)) paths.push(`/api/v1/datasets/${d.id}/records?limit=100`);
    paths.push(`/api/v1/datasets/${dataset}/records?limit=100&sort=-capital`, `/api/v1/datasets/${dataset}/records?limit=100&active=true&district=%E5%92%8C%E5%8E%BF`, `/api/v1/datasets/${dataset}/versions/1/records?limit=50`);
    for (const p of paths) {
      const a = await seen(sqlite, p);
      expect(a.status, p).toBe(200);
      expect(await seen(pg, p), p).toEqual(a);
      const next = (a.body as { next_cursor?: string | null }).next_cursor;
      if (next) expect(await seen(pg, `${p}&cursor=${encodeURIComponent(next)}`)).toEqual(await seen(sqlite, `${p}&cursor=${encodeURIComponent(next)}`));
    }
    // The same file, now read from the bucket (the new data directory's files folder is empty).
    const file = `/api/v1/datasets/${dataset}/versions/2/data.csv`;
    const [a, b] = [await sqlite.fetch(file), await pg.fetch(file)];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(sha256(await b.arrayBuffer())).toBe(sha256(await a.arrayBuffer()));
    const pgFiles = path.join(pgDir, 'files');
    expect(fs.existsSync(pgFiles) ? fs.readdirSync(pgFiles).filter((n) => /^[0-9a-f]{2}$/.test(n)) : []).toEqual([]);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
  });

  it('a re-run with --resume changes nothing and exits 0; without --resume a non-empty target is refused', async () => {
    const before = await targetState(cluster.url);
    const again = await migrate(['--resume', '--verify-sha256']);
    expect(again.code, again.out).toBe(0);
    expect(again.stdout).toMatch(/tables \(\d+ rows, 0 copied now\), \d+ rows tables \(\d+ rows, 0 copied now\), \d+ artifacts \([\d.]+ MB; 0 copied now/);
    expect(again.stdout).toContain('sha256 verified');
    expect(await targetState(cluster.url)).toEqual(before);
    const refused = await migrate([]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the target database is not empty .*--resume/);
    expect(await targetState(cluster.url)).toEqual(before);
  });

  it('the user signs in, the key works, and new rows on PostgreSQL get ids after the copied ones', async () => {
    const pg = await portalOn(fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-migrated-')), { KAIFANG_DATABASE_URL: cluster.url, KAIFANG_FILES_URL: filesUrl, ...s3Env });
    const login = await pg.fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ email, password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await ok<{ email: string }>(pg.fetch('/api/v1/me', { headers: { cookie } }))).email).toBe(email);
    const records = `/api/v1/datasets/${dataset}/records?limit=5`;
    expect((await pg.fetch(records, { headers: { authorization: `Bearer ${keySecret}` } })).status).toBe(200);
    expect((await pg.fetch(records, { headers: { authorization: `Bearer kf_${'x'.repeat(43)}` } })).status).toBe(401);
    // A second order: demand, items and events rows with identity ids, which would collide had the sequences stayed at 1.
    const demands = await order({ app: { request: (p: string, init?: RequestInit) => pg.fetch(p, init) } } as unknown as TestApp, { id: '', email, cookie }, [{ dataset }]);
    expect(demands.length).toBe(1);
  });

  it('refuses a missing data directory, an unreachable target and a target of a newer schema, with non-zero exits', async () => {
    const missing = await runCli(path.join(os.tmpdir(), 'kaifang-no-such-dir'), ['migrate-to', '--database-url', cluster.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such data directory/);
    const closedPort = cluster.url.replace(/:(\d+)\//, ':1/');
    const unreachable = await runCli(t.dataDir, ['migrate-to', '--database-url', closedPort]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach the target database/);
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    await admin`CREATE DATABASE newer`;
    const newerUrl = cluster.url.replace(/\/postgres$/, '/newer');
    const newer = postgres(newerUrl, { max: 1, onnotice: () => {} });
    await newer`CREATE SCHEMA drizzle`;
    await newer`CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint)`;
    await newer`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('from-a-later-release', 4102444800000)`;
    await Promise.all([newer.end(), admin.end()]);
    const mismatch = await runCli(t.dataDir, ['migrate-to', '--database-url', newerUrl]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/schema version mismatch/);
  });
});
