// Issue 19, Operations: `backup` while the portal publishes, `restore` into an empty data directory, and a portal
// brought up from the restore serving every backed-up version byte for byte. The portal, the backup and the
// restored portal are separate processes, as in production.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pickTestDatasets } from './helpers.js';
import { runCli } from './cli.helpers.js';
import { testEngine } from './support/pg-test-database.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createKey } from '../src/keys/keys.service.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { startArtifactBuilder } from '../src/versions/index.js';
import { loadCatalog } from '../datasets/index.js';

const silent = { info: () => {}, error: () => {} };
const admin = { id: 'setup', role: 'admin', departmentId: null };
const secret = 'backup-test-secret-0123456789';
const published = 'backup-test';
const bigRows = 150_000;
// Both portals answer the comparison's many anonymous requests without a rate limit getting in the way.
const serverEnv = (dataDir: string) => ({ ...process.env, KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'info', KAIFANG_USAGE: 'off', KAIFANG_ANONYMOUS_RATE: '100000/1000000', PORT: '0', HOST: '127.0.0.1' });

function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], { env: serverEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', () => reject(new Error(`server exited before listening:\n${out}`)));
  });
  return { child, listening, output: () => out, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

async function sha256Of(url: string, headers: Record<string, string>): Promise<{ status: number; sha256: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, sha256: createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex') };
}

type VersionList = { data: { n: number; downloads?: Record<string, string> }[] };
const formats = ['data.csv', 'data.csv?bom=1', 'data.json', 'data.ndjson', 'data.xlsx'];

/** Every file the walk compares: each format of each version a portal lists for these datasets. */
async function versionsOf(base: string, datasets: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const id of datasets) {
    const res = await fetch(`${base}/api/v1/datasets/${id}/versions`);
    expect(res.status, `${id}: ${await res.clone().text()}`).toBe(200);
    out.set(id, ((await res.json()) as VersionList).data.map((v) => v.n).sort((a, b) => a - b));
  }
  return out;
}

const entriesOf = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

describe.runIf(testEngine === 'sqlite')('backup during a publish, then restore', () => {
  let dataDir: string;
  let work: string;
  let datasets: string[];
  let cookie: string;
  let reviewer: Record<string, string>;
  let developer: Record<string, string>;
  let portal: ReturnType<typeof startServer>;
  let base: string;

  beforeAll(async () => {
    const picked = pickTestDatasets(loadCatalog().datasets).slice(0, 3); // a multi-version one among them
    const t = await createTestApp({ datasets: picked });
    dataDir = t.dataDir;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-backup-'));
    const dept = t.db.$client.prepare('SELECT id FROM departments LIMIT 1').pluck().get() as string;
    const theme = t.db.$client.prepare('SELECT id FROM themes LIMIT 1').pluck().get() as string;
    await createDataset(t.deps, admin, companyDataset(published, dept, theme));
    writeCompanyCsv(path.join(work, 'v1.csv'), 40);
    await publishVersion(t.deps, { datasetId: published, filePath: path.join(work, 'v1.csv'), changeNote: 'v1', publishedBy: null });
    await startArtifactBuilder({ ...t.deps, log: silent }).done; // the seeded versions' files, as a running portal has them
    const publisher = await createUser(t.db, { email: 'pub@example.cn', password: 'correct horse battery', role: 'publisher', departmentId: dept }, new Date());
    cookie = `kf_session=${(await createSession(t.db, publisher.id, new Date())).token}`;
    // An admin's session (in the database, so in the backup too) reads the conditional dataset on both portals.
    const adminUser = await createUser(t.db, { email: 'admin@example.cn', password: 'correct horse battery', role: 'admin', departmentId: null }, new Date());
    reviewer = { cookie: `kf_session=${(await createSession(t.db, adminUser.id, new Date())).token}` };
    developer = { authorization: `Bearer ${(await createKey(t.db, adminUser, 'backup', new Date())).secret}` }; // the records API takes keys
    t.db.$client.close();
    fs.writeFileSync(path.join(dataDir, 'secret'), secret, { mode: 0o600 }); // the portal's own secret file (cursors depend on it)
    writeCompanyCsv(path.join(work, 'big.csv'), bigRows);
    datasets = [...picked, published];
    portal = startServer(dataDir);
    base = await portal.listening;
  }, 120_000);

  afterAll(async () => {
    await portal?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('a backup taken while a publish runs restores into a portal that serves every backed-up version byte for byte; a damaged backup is refused', async () => {
    const backupDir = path.join(work, 'backup');
    const form = new FormData();
    form.set('change_note', '十五万行');
    form.set('file', new Blob([fs.readFileSync(path.join(work, 'big.csv'))], { type: 'text/csv' }), 'big.csv');
    let publishDone = false;
    const publish = fetch(`${base}/api/v1/datasets/${published}/versions`, { method: 'POST', body: form, headers: { cookie, origin: base } })
      .finally(() => void (publishDone = true));

    // The publish is writing its rows (a table of the new version exists) when the backup starts.
    const reader = new Database(path.join(dataDir, 'kaifang.db'), { readonly: true });
    const pk = reader.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(published) as number;
    const deadline = Date.now() + 60_000;
    while (!reader.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(`ds_${pk}_v2`)) {
      if (Date.now() > deadline || publishDone) throw new Error(`the publish did not start writing rows:\n${portal.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    reader.close();
    const backup = await runCli(dataDir, ['backup', '--to', backupDir]);
    expect(backup.code, backup.out).toBe(0);
    expect(publishDone, 'the publish was still running when the backup ended').toBe(false);

    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      files: { path: string; bytes: number; sha256: string }[]; secret_included: boolean; schema: { migrations: number };
      consistency_point: { database_copied_at: string; versions: number };
    };
    expect(manifest.secret_included).toBe(true);
    expect(manifest.schema.migrations).toBeGreaterThan(0);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['kaifang.db', 'secret']));
    expect(manifest.files.some((f) => f.path.includes('.tmp-'))).toBe(false);

    // A damaged copy of the backup: one byte of a stored file changed (same size); another copy missing a file.
    const artifact = manifest.files.find((f) => f.path.startsWith('files/') && f.bytes > 100)!;
    const damaged = path.join(work, 'damaged');
    fs.cpSync(backupDir, damaged, { recursive: true }); // real copies: the backup's hard links stay untouched
    const bytes = fs.readFileSync(path.join(damaged, artifact.path));
    bytes[50] = bytes[50]! ^ 0xff;
    fs.writeFileSync(path.join(damaged, artifact.path), bytes);
    const missing = path.join(work, 'missing');
    fs.cpSync(backupDir, missing, { recursive: true });
    const gone = manifest.files.filter((f) => f.path.startsWith('files/')).at(-1)!;
    fs.rmSync(path.join(missing, gone.path));
    const occupied = path.join(work, 'occupied');
    fs.mkdirSync(occupied);
    fs.writeFileSync(path.join(occupied, 'keep.txt'), 'mine');
    const restoredDir = path.join(work, 'restored');
    // The restores run while the portal finishes its publish.
    const [refusedDamaged, refusedMissing, refusedOccupied, restore] = await Promise.all([
      runCli(path.join(work, 'from-damaged'), ['restore', '--from', damaged]),
      runCli(path.join(work, 'from-missing'), ['restore', '--from', missing]),
      runCli(occupied, ['restore', '--from', backupDir]),
      runCli(restoredDir, ['restore', '--from', backupDir]),
    ]);
    for (const [refused, named, target] of [[refusedDamaged, `${artifact.path} has sha256`, 'from-damaged'], [refusedMissing, `${gone.path} is missing`, 'from-missing']] as const) {
      expect(refused.code, refused.out).toBe(1);
      expect(refused.stderr).toContain(named);
      expect(entriesOf(path.join(work, target)), 'nothing written').toEqual([]);
    }
    expect(refusedOccupied.code).toBe(1);
    expect(refusedOccupied.stderr).toMatch(/not empty/);
    expect(entriesOf(occupied)).toEqual(['keep.txt']);
    expect(restore.code, restore.out).toBe(0);
    expect(entriesOf(restoredDir).sort(), 'the backed-up install, and no restore folder left').toEqual(['files', 'kaifang.db', 'secret']);
    const answer = await publish;
    expect(answer.status, await answer.clone().text()).toBe(201);

    // The publish that was running is not half in the restore: no lock, no rows table without its version.
    const copy = new Database(path.join(restoredDir, 'kaifang.db'), { readonly: true });
    const backedUp = copy.prepare('SELECT n FROM versions WHERE dataset_pk = ? ORDER BY n').pluck().all(pk);
    const tables = copy.prepare('SELECT name FROM sqlite_master WHERE name LIKE ?').pluck().all(`ds_${pk}_v%`);
    expect(backedUp).toContain(1);
    expect(tables.includes(`ds_${pk}_v2`), `v2's table is in the restore exactly when v2 is`).toBe(backedUp.includes(2));
    expect(copy.prepare('SELECT COUNT(*) FROM publish_locks').pluck().get()).toBe(0);
    copy.close();
    const check = await runCli(restoredDir, ['check', '--sha256']); // the drill of the README
    expect(check.code, check.out).toBe(0);
    expect(check.stdout).toMatch(/^consistent/m);
    const restored = startServer(restoredDir);
    try {
      const restoredBase = await restored.listening;
      expect(restored.output()).not.toMatch(/seeding/); // it is the backed-up install, not a new one

      const inBackup = await versionsOf(restoredBase, datasets);
      const original = await versionsOf(base, datasets);
      expect([...inBackup.values()].flat().length).toBe(manifest.consistency_point.versions);
      expect(original.get(published)).toEqual([1, 2]); // the publish finished on the running portal
      for (const id of datasets) expect(original.get(id)).toEqual(expect.arrayContaining(inBackup.get(id)!));
      expect(inBackup.get(published)).toContain(1);

      let compared = 0;
      let records = 0;
      for (const [id, ns] of inBackup) {
        for (const n of ns) {
          for (const file of formats) {
            const url = `/api/v1/datasets/${id}/versions/${n}/${file}`;
            const [a, b] = [await sha256Of(base + url, reviewer), await sha256Of(restoredBase + url, reviewer)];
            expect(a.status, url).toBe(200);
            expect(b, url).toEqual(a);
            compared++;
          }
          // The records API, a first page and the next one through the original's cursor (signed with the secret).
          let url = `/api/v1/datasets/${id}/versions/${n}/records?limit=3`;
          for (let page = 0; page < 2 && url; page++) {
            const [a, b] = await Promise.all([fetch(base + url, { headers: developer }), fetch(restoredBase + url, { headers: developer })]);
            expect(a.status, `${url}: ${await a.clone().text()}`).toBe(200);
            const body = await a.text();
            expect(await b.text(), url).toBe(body);
            const next = (JSON.parse(body) as { next_cursor: string | null }).next_cursor;
            url = next ? `/api/v1/datasets/${id}/versions/${n}/records?limit=3&cursor=${encodeURIComponent(next)}` : '';
            records++;
          }
        }
      }
      expect(compared).toBeGreaterThanOrEqual(5 * (datasets.length + 1));
      expect(records).toBeGreaterThanOrEqual(2 * (datasets.length + 1));
    } finally {
      await restored.stop();
    }
  }, 120_000);
});

describe.runIf(testEngine === 'postgres')('backup on PostgreSQL', () => {
  it('refuses, pointing at pg_dump, and writes nothing', async () => {
    const t = await createTestApp({ datasets: [] });
    try {
      const to = path.join(t.dataDir, 'backup');
      const result = await runCli(t.dataDir, ['backup', '--to', to]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/KAIFANG_DATABASE_URL is set.*pg_dump/);
      expect(fs.existsSync(to)).toBe(false);
    } finally {
      await t.close();
    }
  });
});
