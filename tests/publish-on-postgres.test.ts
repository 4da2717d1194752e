import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { openConnection, closeConnection } from '../src/db/connection.js';
import type { Db } from '../src/db/client.js';
import { rowsOf } from '../src/db/engine.js';
import { seedCatalog } from '../src/seed.js';
import { createPortal } from '../web/portal.js';
import { loadCatalog } from '../datasets/index.js';
import type { DatasetManifest } from '../datasets/schema.js';
import { generateRows } from '../datasets/generate.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createKey } from '../src/keys/keys.service.js';
import { seedDemoUsage } from '../src/usage/demo-usage.js';
import { tablesLike } from '../src/versions/rows/rows-table.sql.js';
import { pickTestDatasets } from './helpers.js';
import type { AppDeps } from '../src/app-deps.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { startArtifactBuilder } from '../src/versions/artifact-builder.js';
import { workerFromRows } from '../src/versions/build-queue.js';
import { workerDbOf } from '../src/versions/worker-connection.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

// Issue 14: publishing on PostgreSQL. The same CSV published through the real route on a SQLite and a PostgreSQL portal
// (same seed, same clock) gives the same version, the same records, the same downloaded bytes; a bad upload is refused
// alike and leaves nothing behind; the dataset page previews the same rows; the demo usage gives the same statistics.

type Portal = { fetch: (path: string, init?: RequestInit) => Promise<Response>; db: Db; deps: AppDeps; dataDir: string; close: () => Promise<void>; secret: string; cookie: string };

const now = new Date('2026-11-30T08:00:00Z');

async function portalOn(datasets: string[], databaseUrl?: string): Promise<Portal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-publish-pg-'));
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_USAGE: 'off', ...(databaseUrl ? { KAIFANG_DATABASE_URL: databaseUrl } : {}) });
  const db = await openConnection({ dataDir, databaseUrl: env.KAIFANG_DATABASE_URL });
  const catalog = loadCatalog();
  const ids = new Set(datasets);
  catalog.datasets = catalog.datasets.filter((d) => ids.has(d.id));
  await seedCatalog(db, () => {}, catalog);
  const filesDir = path.join(dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const { app, deps, close } = await createPortal({ db, env, filesDir, secret: 'test-secret-test-secret', now: () => now });
  const admin = await createUser(db, { email: 'admin@example.cn', password: 'correct horse battery', role: 'admin', departmentId: null }, new Date());
  const cookie = `kf_session=${(await createSession(db, admin.id, new Date())).token}`;
  const key = await createKey(db, admin, 'publish test', new Date());
  return {
    fetch: async (p, init) => app.request(p, init),
    db,
    deps,
    dataDir,
    secret: key.secret,
    cookie,
    close: async () => {
      await close();
      await closeConnection(db);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const withoutRequestIds = (text: string) => text.replace(/"request_id":"[^"]*"/g, '"request_id":""');

async function seen(portal: Portal, p: string): Promise<{ status: number; body: unknown }> {
  const res = await portal.fetch(p, { headers: { authorization: `Bearer ${portal.secret}` } });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(withoutRequestIds(text)) : text };
}

async function publish(portal: Portal, id: string, csv: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.set('change_note', '月度更新');
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'rows.csv');
  const res = await portal.fetch(`/api/v1/datasets/${id}/versions`, { method: 'POST', body: form, headers: { Origin: 'http://localhost', Cookie: portal.cookie } });
  return { status: res.status, body: JSON.parse(withoutRequestIds(await res.text())) as Record<string, unknown> };
}

async function download(portal: Portal, p: string): Promise<{ status: number; sha256: string; bytes: Buffer }> {
  const res = await portal.fetch(p, { headers: { authorization: `Bearer ${portal.secret}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

async function workbookRows(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The rows tables of a dataset and its version numbers, on either engine. */
async function leftovers(portal: Portal, pk: number) {
  const versions = await rowsOf<{ n: number }>(portal.db, sql`SELECT n FROM versions WHERE dataset_pk = ${pk} ORDER BY n`);
  return { versions: versions.map((v) => v.n), tables: await tablesLike(portal.db, `ds_${pk}_*`) };
}

const previewOf = (html: string) => /<section id="preview">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

(pgSkipped ? describe.skip : describe)('publishing on PostgreSQL', () => {
  let cluster: PgCluster;
  let sqlite: Portal;
  let pg: Portal;
  let ds: DatasetManifest;
  let csv: string;

  beforeAll(async () => {
    const catalog = loadCatalog();
    const ids = pickTestDatasets(catalog.datasets);
    ds = catalog.datasets.find((d) => ids.includes(d.id) && d.open_type === 'open' && d.versions.length > 1 && d.rows >= 20)!;
    // The latest version's rows, in reverse (so the ingest rebuilds them in key order), less two, one value changed.
    const rows = generateRows(ds, ds.versions.at(-1)!.n).reverse().slice(2);
    const text = ds.fields.find((f) => f.type === 'string' && !f.primary_key && !f.enum);
    if (text) rows[3] = { ...rows[3], [text.name]: '已更新：“引号”, 逗号\t制表符' };
    csv = Papa.unparse({ fields: ds.fields.map((f) => f.name), data: rows.map((r) => ds.fields.map((f) => r[f.name] ?? '')) }, { newline: '\r\n' });
    cluster = await startPgCluster();
    [sqlite, pg] = await Promise.all([portalOn(ids), portalOn(ids, cluster.url)]);
  }, 180_000);
  afterAll(async () => {
    await sqlite?.close();
    await pg?.close();
    await cluster?.stop();
  });

  it('publishes the same CSV through the route as the same version, records and downloads', async () => {
    const [a, b] = [await publish(sqlite, ds.id, csv), await publish(pg, ds.id, csv)];
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(a.body).toMatchObject({ n: ds.versions.at(-1)!.n + 1, row_count: generateRows(ds, ds.versions.at(-1)!.n).length - 2 });
    expect((a.body.diff as { removed: number }).removed).toBe(2);

    const n = a.body.n as number;
    const sortable = ds.fields.find((f) => !f.primary_key && f.type !== 'boolean')!;
    const paths = [
      `/api/v1/datasets/${ds.id}/versions`, `/api/v1/datasets/${ds.id}/records?limit=7`, `/api/v1/datasets/${ds.id}/versions/${n}/records?limit=5&sort=-${sortable.name}`,
      `/api/v1/datasets/${ds.id}/versions/${n - 1}/records?limit=5`,
    ];
    for (const p of paths) {
      const x = await seen(sqlite, p);
      expect(x.status, p).toBe(200);
      expect(await seen(pg, p), p).toEqual(x);
      const next = (x.body as { next_cursor?: string | null }).next_cursor;
      if (next) {
        const q = `${p}&cursor=${encodeURIComponent(next)}`;
        expect(await seen(pg, q), q).toEqual(await seen(sqlite, q));
      }
    }

    for (const file of ['data.csv', 'data.json', 'data.ndjson']) {
      const p = `/api/v1/datasets/${ds.id}/versions/${n}/${file}`;
      const [x, y] = [await download(sqlite, p), await download(pg, p)];
      expect(x.status, p).toBe(200);
      expect(y.status, p).toBe(200);
      expect(y.sha256, p).toBe(x.sha256);
    }
    const xlsx = `/api/v1/datasets/${ds.id}/versions/${n}/data.xlsx`;
    const [x, y] = [await download(sqlite, xlsx), await download(pg, xlsx)];
    expect(y.status).toBe(200);
    const sheet = await workbookRows(x.bytes);
    expect(sheet.length).toBe((a.body.row_count as number) + 1);
    expect(await workbookRows(y.bytes)).toEqual(sheet);
  });

  it('hands the version workers the database URL, from the settings or else from the open connection', () => {
    expect(workerDbOf(pg.deps)).toEqual({ url: cluster.url });
    expect(workerDbOf({ db: pg.db })).toEqual({ url: cluster.url });
    expect(workerDbOf(sqlite.deps)).toEqual({ file: path.join(sqlite.dataDir, 'kaifang.db') });
  });

  it('refuses a file with a bad row (422) alike and leaves no version or table behind', async () => {
    const pk = (await rowsOf<{ pk: number }>(pg.db, sql`SELECT pk FROM datasets WHERE id = ${ds.id}`))[0]!.pk;
    const before = [await leftovers(sqlite, pk), await leftovers(pg, pk)];
    expect(before[1]).toEqual(before[0]);
    const integer = ds.fields.find((f) => f.type === 'integer' || f.type === 'number' || f.type === 'date');
    const lines = csv.split('\r\n');
    const header = lines[0]!.split(',');
    const cells = Papa.parse<string[]>(lines[5]!).data[0]!;
    if (integer) cells[header.indexOf(integer.name)] = 'not a value';
    else cells[header.indexOf(ds.fields.find((f) => f.primary_key)!.name)] = Papa.parse<string[]>(lines[6]!).data[0]![header.indexOf(ds.fields.find((f) => f.primary_key)!.name)]!;
    const bad = [...lines.slice(0, 5), Papa.unparse([cells]), ...lines.slice(6)].join('\r\n');
    const [a, b] = [await publish(sqlite, ds.id, bad), await publish(pg, ds.id, bad)];
    expect(a.status).toBe(422);
    expect(b).toEqual(a);
    expect(await leftovers(sqlite, pk)).toEqual(before[0]);
    expect(await leftovers(pg, pk)).toEqual(before[1]);
  });

  it('serves a seeded version\'s files, built in the background, with the same bytes', async () => {
    const list = (await seen(sqlite, '/api/v1/datasets?limit=50')).body as { data: { id: string; open_type: string }[] };
    for (const d of list.data.filter((v) => v.open_type === 'open' && v.id !== ds.id).slice(0, 3)) {
      for (const file of ['data.csv', 'data.json', 'data.ndjson']) {
        const p = `/api/v1/datasets/${d.id}/versions/1/${file}`;
        const [x, y] = [await download(sqlite, p), await download(pg, p)];
        expect(x.status, p).toBe(200);
        expect(y.status, p).toBe(200);
        expect(y.sha256, p).toBe(x.sha256);
      }
    }
  });

  it('publishes a large file of every field type in workers, and rebuilds its lost files in the background alike', async () => {
    const csvFile = path.join(sqlite.dataDir, 'companies.csv');
    writeCompanyCsv(csvFile, workerFromRows + 1);
    const body = fs.readFileSync(csvFile, 'utf8');
    const answers = [];
    for (const portal of [sqlite, pg]) {
      const [dept] = await rowsOf<{ id: string }>(portal.db, sql`SELECT id FROM departments ORDER BY position LIMIT 1`);
      const [theme] = await rowsOf<{ id: string }>(portal.db, sql`SELECT id FROM themes ORDER BY id LIMIT 1`);
      await createDataset(portal.deps, { id: 'setup', role: 'admin', departmentId: null }, companyDataset('pg-companies', dept!.id, theme!.id));
      answers.push(await publish(portal, 'pg-companies', body));
    }
    expect(answers[0]!.status, JSON.stringify(answers[0]!.body)).toBe(201);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]!.body.row_count).toBe(workerFromRows + 1);
    const files = ['data.csv', 'data.json', 'data.ndjson'].map((f) => `/api/v1/datasets/pg-companies/versions/1/${f}`);
    const published = await Promise.all(files.map(async (p) => (await download(sqlite, p)).sha256));
    for (const [i, p] of files.entries()) expect((await download(pg, p)).sha256, p).toBe(published[i]);
    const page = '/api/v1/datasets/pg-companies/records?limit=3&sort=-founded&active=false';
    expect(await seen(pg, page)).toEqual(await seen(sqlite, page));

    for (const portal of [sqlite, pg]) {
      fs.rmSync(portal.deps.filesDir, { recursive: true, force: true }); // every file lost
      fs.mkdirSync(portal.deps.filesDir, { recursive: true });
      const summary = await startArtifactBuilder({ ...portal.deps, log: { info: () => {}, error: () => {} } }).done;
      expect(summary.failed).toBe(0);
      expect(summary.built).toBeGreaterThan(1);
    }
    for (const [i, p] of files.entries()) {
      expect((await download(sqlite, p)).sha256, p).toBe(published[i]);
      expect((await download(pg, p)).sha256, p).toBe(published[i]);
    }
  }, 120_000);

  it('previews the same first rows on the dataset page', async () => {
    const list = (await seen(sqlite, '/api/v1/datasets?limit=50')).body as { data: { id: string; open_type: string }[] };
    for (const id of [ds.id, ...list.data.filter((d) => d.open_type === 'open').slice(0, 3).map((d) => d.id)]) {
      const [x, y] = [await (await sqlite.fetch(`/datasets/${id}`)).text(), await (await pg.fetch(`/datasets/${id}`)).text()];
      const preview = previewOf(x);
      expect(preview, id).toContain('<td');
      expect(previewOf(y), id).toBe(preview);
    }
  });

  it('seeds the same demo usage and answers the same statistics', async () => {
    const [a, b] = [await seedDemoUsage(sqlite.db, now, { scale: 0.02 }), await seedDemoUsage(pg.db, now, { scale: 0.02 })];
    expect(a.events).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    for (const p of ['/api/v1/stats/overview', '/api/v1/stats/departments?from=2025-12-01&to=2026-11-29', '/api/v1/stats/datasets?from=2025-12-01&to=2026-11-29', '/api/v1/stats/series?from=2025-12-01&to=2026-11-29']) {
      const x = await seen(sqlite, p);
      expect(x.status, p).toBe(200);
      expect(await seen(pg, p), p).toEqual(x);
    }
  });
});
