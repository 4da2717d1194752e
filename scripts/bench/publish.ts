import { asSqlite } from '../../src/db/connection.js';
// npm run bench:publish — the whole publish of a 100,000-row and a 1,000,000-row x 12-column CSV as a department
// does it: uploaded over HTTP (curl, multipart) to the portal as `npm start` runs it (the compiled server), until
// the 201 that says the version is published (validation, typed insert, indexes, diff against the previous
// version, the five files, the commit); beside the sqlite3 CLI's `.import` of the same file into a fresh table,
// in interleaved rounds after a warm-up. What the publish does after its 201 (the quality profile and the .gz
// copies) is waited for and reported apart, so the next round never runs beside it. Meanwhile /healthz is probed
// every 50 ms (how long the serving thread makes others wait) and the server's resident memory (every thread: main
// and workers) is sampled from /proc every 50 ms until the follow-up is done, beside its memory before the publish.
//
//   BENCH_PUBLISH_ROWS=100000,1000000   sizes (default both)      BENCH_ROUNDS=3   rounds after the warm-up
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { createApp } from '../../src/app.js';
import { seedCatalog } from '../../src/seed.js';
import { loadCatalog } from '../../datasets/index.js';
import { createDataset } from '../../src/catalog/catalog.write.js';
import { createUser } from '../../src/auth/auth.service.js';
import { createSession } from '../../src/auth/auth.session.js';
import { rowsTableName } from '../../src/versions/rows/rows-table.js';
import { fmt, ratios, rounds, startApp } from './lib.js';
import { millionCsv, millionDataset, millionDatasetId, millionSchema } from './million.js';

const sizes = (process.env.BENCH_PUBLISH_ROWS ?? '100000,1000000').split(',').map(Number);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

function ensureSqliteCli() {
  try {
    execFileSync('sqlite3', ['-version']);
  } catch {
    execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3'], { stdio: 'inherit' });
  }
}

type AppRun = { seconds: number; followUpSeconds: number; rssMb: number; anonMb: number; beforeMb: number; healthzMaxMs: number; healthzP99Ms: number };

/**
 * Resident memory of a process (every thread), MB: all of it, and its anonymous part (heaps, caches, buffers: what is
 * not the code or the database file mapped in, which the system can take back).
 */
function memoryOf(pid: number): { rss: number; anon: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}
const rssOf = (pid: number) => memoryOf(pid).rss;

/** A fresh data directory with the catalog's departments and themes, the benchmark dataset and a publisher's session. */
async function freshDataDir(dir: string): Promise<{ cookie: string }> {
  fs.rmSync(dir, { recursive: true, force: true });
  const env = readEnv({ KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
  const { db, filesDir, secret } = await openDataDir(env, silent);
  try {
    const catalog = loadCatalog();
    await seedCatalog(db, () => {}, { ...catalog, datasets: [] });
    const { deps } = await createApp({ db, env, filesDir, secret, log: silent, usage: false });
    const department = catalog.departments[0]!.id;
    await createDataset(deps, { id: 'bench', role: 'admin', departmentId: null }, millionDataset(department, catalog.themes[0]!.id));
    const user = await createUser(db, { email: 'bench-publisher@kaifang.local', password: 'bench-password-not-secret', role: 'publisher', departmentId: department }, new Date());
    return { cookie: `kf_session=${(await createSession(db, user.id, new Date())).token}` };
  } finally {
    asSqlite(db).$client.close();
  }
}

const curl = (args: string[]) =>
  new Promise<string>((resolve, reject) => execFile('curl', args, { maxBuffer: 1 << 24 }, (err, stdout, stderr) => (err ? reject(new Error(`curl: ${stderr || err.message}`)) : resolve(stdout))));

async function publishOnce(server: { pid: number; base: string; cookie: string; dir: string }, csv: string): Promise<AppRun> {
  const before = rssOf(server.pid);
  let peak = { rss: before, anon: 0 };
  const sampler = setInterval(() => {
    const now = memoryOf(server.pid);
    if (now.rss > peak.rss) peak = now;
  }, 50);
  const healthz: number[] = [];
  const pending: Promise<void>[] = [];
  const prober = setInterval(() => {
    const t0 = performance.now();
    pending.push(fetch(`${server.base}/healthz`).then(async (r) => { await r.arrayBuffer(); healthz.push(performance.now() - t0); }));
  }, 50);
  const t0 = performance.now();
  let followUpSeconds = 0;
  const status = await curl(['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Cookie: ${server.cookie}`, '-H', 'Sec-Fetch-Site: same-origin', '-F', 'change_note=bench:publish', '-F', `file=@${csv};type=text/csv`, `${server.base}/api/v1/datasets/${millionDatasetId}/versions`]);
  const seconds = (performance.now() - t0) / 1000;
  if (status !== '201') throw new Error(`publish answered ${status}`);
  const sqlite = new Database(path.join(server.dir, 'kaifang.db'));
  try {
    sqlite.pragma('busy_timeout = 10000');
    const pk = sqlite.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(millionDatasetId) as number;
    const last = sqlite.prepare('SELECT MAX(n) FROM versions WHERE dataset_pk = ?').pluck().get(pk) as number;
    // What the publish does after its answer (quality profile, .gz copies) is waited for, memory and probes still
    // sampled, so no round (of either side) runs beside the last one's tail.
    const finished = () => {
      const artifacts = JSON.parse(sqlite.prepare('SELECT artifacts FROM versions WHERE dataset_pk = ? AND n = ?').pluck().get(pk, last) as string) as Record<string, { gzipBytes?: number }>;
      const profiled = sqlite.prepare('SELECT 1 FROM version_quality WHERE dataset_pk = ? AND n = ?').get(pk, last) !== undefined;
      return profiled && ['csv', 'csv_bom', 'json', 'ndjson'].every((k) => artifacts[k]?.gzipBytes !== undefined);
    };
    while (!finished()) await new Promise((r) => setTimeout(r, 50));
    followUpSeconds = (performance.now() - t0) / 1000 - seconds;
    clearInterval(sampler);
    clearInterval(prober);
    await Promise.all(pending);
    // Keep the previous version (the next publish diffs against it), drop older tables: the disk is not the subject.
    if (last > 1 && !sqlite.prepare('SELECT diff FROM versions WHERE dataset_pk = ? AND n = ?').pluck().get(pk, last)) throw new Error('no diff against the previous version');
    for (let n = 1; n < last - 1; n++) sqlite.exec(`DROP TABLE IF EXISTS ${rowsTableName(pk, n)}`);
  } finally {
    sqlite.close();
  }
  const sorted = [...healthz].sort((a, b) => a - b);
  return { seconds, followUpSeconds, rssMb: peak.rss, anonMb: peak.anon, beforeMb: before, healthzMaxMs: sorted.at(-1) ?? 0, healthzP99Ms: sorted[Math.ceil(sorted.length * 0.99) - 1] ?? 0 };
}

function importFloor(dir: string, csv: string): number {
  const file = path.join(dir, 'floor.db');
  for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + s, { force: true });
  const t0 = performance.now();
  execFileSync('sqlite3', [file, '-cmd', '.mode csv', `.import ${csv} t`]);
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(file, { force: true });
  return seconds;
}

ensureSqliteCli();
const results: string[] = [];
const port = 3131;
for (const rows of sizes) {
  const csv = await millionCsv(rows);
  const dir = path.resolve('.tmp', `bench-publish-${rows}`);
  const { cookie } = await freshDataDir(dir);
  const child = await startApp(dir, port);
  const server = { pid: child.pid!, base: `http://127.0.0.1:${port}`, cookie, dir };
  const goal = rows >= 1_000_000 ? 8 : 5;
  try {
    console.log(`\nbench:publish — ${rows.toLocaleString('en')} rows x ${millionSchema.length} columns, ${(fs.statSync(csv).size / 1e6).toFixed(1)} MB CSV over HTTP to the compiled server; warm-up, then ${roundCount} interleaved rounds`);
    const out = await rounds(['floor', 'app'] as const, roundCount, async (side, round) => {
      const label = round < 0 ? 'warm-up' : `round ${round + 1}`;
      if (side === 'floor') {
        const s = importFloor(dir, csv);
        console.log(`  ${label} floor  ${s.toFixed(2)} s`);
        return { seconds: s } as AppRun;
      }
      const r = await publishOnce(server, csv);
      console.log(`  ${label} app    ${r.seconds.toFixed(2)} s (then ${r.followUpSeconds.toFixed(2)} s for the quality profile and .gz copies), server peak RSS ${r.rssMb.toFixed(0)} MB (anonymous ${r.anonMb.toFixed(0)}; ${r.beforeMb.toFixed(0)} MB before), /healthz max ${r.healthzMaxMs.toFixed(0)} ms (p99 ${r.healthzP99Ms.toFixed(0)})`);
      return r;
    });
    const app = out.app;
    const floor = out.floor.map((r) => r.seconds);
    results.push(
      [
        `${rows.toLocaleString('en')} rows: whole publish ${fmt(app.map((r) => r.seconds), 2, ' s')} vs sqlite3 .import ${fmt(floor, 2, ' s')}`,
        `  ratio ${fmt(ratios(app.map((r) => r.seconds), floor), 1, 'x')} (goal <= ${goal}x); after the 201, the quality profile and .gz copies ${fmt(app.map((r) => r.followUpSeconds), 2, ' s')} more`,
        `  server peak RSS ${fmt(app.map((r) => r.rssMb), 0, ' MB')} (goal < 400 MB; anonymous ${fmt(app.map((r) => r.anonMb), 0, ' MB')}, the rest code and the mapped database file; ${fmt(app.map((r) => r.beforeMb), 0, ' MB')} before the upload)`,
        `  serving thread: /healthz max ${fmt(app.map((r) => r.healthzMaxMs), 0, ' ms')}, p99 ${fmt(app.map((r) => r.healthzP99Ms), 0, ' ms')} (goal max < 200 ms)`,
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${results.join('\n')}`);
console.log('(median and min–max of the rounds; ratios per round)');
