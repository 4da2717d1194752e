import { asSqlite } from '../src/db/connection.js';
// Issue 11 item 1: one publish lock for every writer, whatever process it runs in.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createKey } from '../src/keys/keys.service.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { openDataDir } from '../src/boot.js';
import { readEnv } from '../src/env.js';
import { ApiError } from '../src/lib/errors.js';
import { runCli } from './cli.helpers.js';
import { renewLockWithoutWaiting } from '../src/versions/publish-locks.store.js';

const silent = { info: () => {}, error: () => {} };
const admin = { id: 'setup', role: 'admin', departmentId: null };
const childEnv = (dataDir: string, extra: Record<string, string> = {}) => ({ ...process.env, KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'info', KAIFANG_USAGE: 'off', ...extra });

function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], { env: childEnv(dataDir, { PORT: '0', HOST: '127.0.0.1' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited before listening:\n${out}`)));
  });
  return { child, exited, listening, output: () => out };
}

async function waitFor(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a CLI publish while the web server publishes the same dataset (two processes)', () => {
  let dataDir: string;
  let pk: number;
  let cookie: string;
  let keySecret: string;
  const id = 'lock-test';

  beforeAll(async () => {
    const t = await createTestApp({ datasets: [] });
    dataDir = t.dataDir;
    const dept = t.db.$client.prepare('SELECT id FROM departments LIMIT 1').pluck().get() as string;
    const theme = t.db.$client.prepare('SELECT id FROM themes LIMIT 1').pluck().get() as string;
    await createDataset(t.deps, admin, companyDataset(id, dept, theme));
    const small = path.join(dataDir, 'v1.csv');
    writeCompanyCsv(small, 30);
    await publishVersion(t.deps, { datasetId: id, filePath: small, changeNote: 'v1', publishedBy: null });
    pk = t.db.$client.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(id) as number;
    const publisher = await createUser(t.db, { email: 'pub@example.cn', password: 'correct horse battery', role: 'publisher', departmentId: dept }, new Date());
    cookie = `kf_session=${(await createSession(t.db, publisher.id, new Date())).token}`;
    keySecret = (await createKey(t.db, publisher, 'lock', new Date())).secret;
    t.db.$client.close();
    writeCompanyCsv(path.join(dataDir, 'big.csv'), 200_000);
    writeCompanyCsv(path.join(dataDir, 'other.csv'), 40);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function expectIntact(base: string) {
    const reader = new Database(path.join(dataDir, 'kaifang.db'), { readonly: true });
    try {
      const versions = reader.prepare('SELECT n, row_count FROM versions WHERE dataset_pk = ? ORDER BY n').all(pk) as { n: number; row_count: number }[];
      expect(versions).toEqual([{ n: 1, row_count: 30 }, { n: 2, row_count: 200_000 }]);
      for (const v of versions) expect(reader.prepare('SELECT COUNT(*) FROM sqlite_master WHERE name = ?').pluck().get(`ds_${pk}_v${v.n}`)).toBe(1);
      expect(reader.prepare('SELECT COUNT(*) FROM publish_locks').pluck().get()).toBe(0);
    } finally {
      reader.close();
    }
    const auth = { authorization: `Bearer ${keySecret}` };
    for (const n of [1, 2]) {
      const res = await fetch(`${base}/api/v1/datasets/${id}/versions/${n}/records?limit=2`, { headers: auth });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(((await res.json()) as { total: number }).total).toBe(n === 1 ? 30 : 200_000);
    }
    expect((await fetch(`${base}/api/v1/datasets/${id}/records?limit=1`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/datasets/${id}`)).status).toBe(200);
  }

  it('the CLI gets publish_in_progress and exits non-zero; the web publish commits v2; every version stays readable, after a restart too', async () => {
    const server = startServer(dataDir);
    const base = await server.listening;
    try {
      const form = new FormData();
      form.set('change_note', '二十万行');
      form.set('file', new Blob([fs.readFileSync(path.join(dataDir, 'big.csv'))], { type: 'text/csv' }), 'big.csv');
      const web = fetch(`${base}/api/v1/datasets/${id}/versions`, { method: 'POST', body: form, headers: { cookie, origin: base } });

      // The web publish is writing its rows (the upload has arrived) when the CLI starts.
      const reader = new Database(path.join(dataDir, 'kaifang.db'), { readonly: true });
      await waitFor(() => Boolean(reader.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(`ds_${pk}_v2`)), 60_000, 'the web publish to write rows');
      const lock = reader.prepare('SELECT owner, n, rows_table, expires_at - acquired_at AS ttl FROM publish_locks').get() as { owner: string; n: number; rows_table: string; ttl: number } | undefined;
      reader.close();

      const cli = await runCli(dataDir, ['publish', id, path.join(dataDir, 'other.csv'), '--note', 'CLI 同时发布'], { KAIFANG_LOG: 'info', KAIFANG_USAGE: 'off' });
      expect(cli.code, cli.stdout + cli.stderr).not.toBe(0);
      expect(cli.stderr).toMatch(/publish_in_progress/);
      expect(cli.stderr).toMatch(/being published/);
      // It was refused by the web publish's lock: a row any process sees, with the owner and the version it writes.
      expect(lock).toMatchObject({ n: 2, rows_table: `ds_${pk}_v2`, ttl: 60_000 });
      expect(lock!.owner).toMatch(new RegExp(`^${os.hostname()}:${server.child.pid}:`));

      const res = await web;
      expect(res.status, await res.clone().text()).toBe(201);
      expect(((await res.json()) as { n: number }).n).toBe(2);
      await expectIntact(base);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const again = startServer(dataDir);
    try {
      await expectIntact(await again.listening);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  }, 180_000);
});

describe('the publish_locks row', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let csv: string;
  let serial = 0;
  beforeAll(async () => {
    t = await createTestApp({ datasets: [] });
    csv = path.join(t.dataDir, 'rows.csv');
    writeCompanyCsv(csv, 25);
  });
  afterAll(() => t.close());

  async function datasetWithV1() {
    const id = `locked-${++serial}`;
    const dept = t.db.$client.prepare('SELECT id FROM departments LIMIT 1').pluck().get() as string;
    const theme = t.db.$client.prepare('SELECT id FROM themes LIMIT 1').pluck().get() as string;
    await createDataset(t.deps, admin, companyDataset(id, dept, theme));
    await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: 'v1', publishedBy: null });
    return { id, pk: t.db.$client.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(id) as number };
  }
  const lockRow = (pk: number, owner: string, expiresAt: number) =>
    t.db.$client.prepare('INSERT INTO publish_locks (dataset_pk, owner, n, rows_table, acquired_at, expires_at) VALUES (?, ?, 2, ?, ?, ?)').run(pk, owner, `ds_${pk}_v2`, Date.now() - 120_000, expiresAt);
  /** A half-written table of the lock holder's attempt, with a row that is not in the file. */
  const strayTable = (pk: number) => t.db.$client.exec(`CREATE TABLE ds_${pk}_v2 (_rowid INTEGER PRIMARY KEY, id INTEGER); INSERT INTO ds_${pk}_v2 (id) VALUES (999999)`);
  const rowsOf = (pk: number, n: number) => t.db.$client.prepare(`SELECT COUNT(*) FROM ds_${pk}_v${n}`).pluck().get();

  it('the heartbeat renews a lock its writer holds, says lost when another took it, and busy (writing nothing) while the database is locked', async () => {
    const { pk } = await datasetWithV1();
    lockRow(pk, 'me:1:a', Date.now() + 1000);
    const expiresOf = () => t.db.$client.prepare('SELECT expires_at FROM publish_locks WHERE dataset_pk = ?').pluck().get(pk);
    expect(await renewLockWithoutWaiting(t.db, pk, 'me:1:a', 4_000_000_000_000)).toBe(true);
    expect(expiresOf()).toBe(4_000_000_000_000);
    expect(await renewLockWithoutWaiting(t.db, pk, 'someone-else:2:b', 5_000_000_000_000)).toBe(false);
    const other = new Database(path.join(t.dataDir, 'kaifang.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      expect(await renewLockWithoutWaiting(t.db, pk, 'me:1:a', 5_000_000_000_000)).toBe('busy');
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(expiresOf()).toBe(4_000_000_000_000);
    t.db.$client.prepare('DELETE FROM publish_locks WHERE dataset_pk = ?').run(pk);
  });

  it('a live lock held by another process refuses a second writer with 409 publish_in_progress and leaves its table alone', async () => {
    const { id, pk } = await datasetWithV1();
    lockRow(pk, 'other-host:4242:abc', Date.now() + 60_000);
    strayTable(pk);
    const err = await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: 'v2', publishedBy: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'publish_in_progress' });
    expect(rowsOf(pk, 2)).toBe(1);
    expect(t.db.$client.prepare('SELECT owner FROM publish_locks WHERE dataset_pk = ?').pluck().get(pk)).toBe('other-host:4242:abc');
    expect(t.db.$client.prepare('SELECT MAX(n) FROM versions WHERE dataset_pk = ?').pluck().get(pk)).toBe(1);
  });

  it('an expired lock (its writer was killed) is taken over: its half table is replaced, v2 published, the lock released', async () => {
    const { id, pk } = await datasetWithV1();
    lockRow(pk, 'other-host:4242:dead', Date.now() - 1000);
    strayTable(pk);
    const v = await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: 'v2', publishedBy: null });
    expect(v.n).toBe(2);
    expect(rowsOf(pk, 2)).toBe(25);
    expect(t.db.$client.prepare('SELECT COUNT(*) FROM publish_locks WHERE dataset_pk = ?').pluck().get(pk)).toBe(0);
  });

  it('a lock of a process on this host that is gone is taken over before it expires', async () => {
    const { id, pk } = await datasetWithV1();
    lockRow(pk, `${os.hostname()}:2147483646:gone`, Date.now() + 60_000);
    expect((await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: 'v2', publishedBy: null })).n).toBe(2);
  });

  it('startup keeps the table of a live lock, drops the one of an expired lock and clears that lock', async () => {
    const live = await datasetWithV1();
    const expired = await datasetWithV1();
    lockRow(live.pk, 'other-host:4242:live', Date.now() + 60_000);
    strayTable(live.pk);
    lockRow(expired.pk, 'other-host:4242:expired', Date.now() - 1);
    strayTable(expired.pk);
    const { db } = await openDataDir(readEnv({ KAIFANG_DATA_DIR: t.dataDir, KAIFANG_LOG: 'silent' }), silent, { recover: true });
    try {
      const tables = asSqlite(db).$client.prepare("SELECT name FROM sqlite_master WHERE name IN (?, ?)").pluck().all(`ds_${live.pk}_v2`, `ds_${expired.pk}_v2`);
      expect(tables).toEqual([`ds_${live.pk}_v2`]);
      expect(asSqlite(db).$client.prepare('SELECT dataset_pk FROM publish_locks WHERE dataset_pk IN (?, ?)').pluck().all(live.pk, expired.pk)).toEqual([live.pk]);
    } finally {
      asSqlite(db).$client.close();
    }
  });
});
