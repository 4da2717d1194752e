// npm run bench:publish — the whole publish of a 100,000-row and a 1,000,000-row x 12-column CSV through the real
// path (validation, typed insert, indexes, diff against the previous version, the five files and their .gz, the
// commit), beside the sqlite3 CLI's `.import` of the same file into a fresh table, in interleaved rounds after a
// warm-up. While the app publishes, the publishing process measures its own event loop (monitorEventLoopDelay),
// writes a row each second on the serving connection as the usage flush does (how long it waits on the workers'
// write lock), and samples its resident memory (main thread and every worker).
//
//   BENCH_PUBLISH_ROWS=100000,1000000   sizes (default both)      BENCH_ROUNDS=3   rounds after the warm-up
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { createApp } from '../../src/app.js';
import { seedCatalog } from '../../src/catalog/seed.js';
import { loadCatalog } from '../../datasets/index.js';
import { createDataset } from '../../src/catalog/catalog.write.js';
import { publishVersion } from '../../src/versions/publish/publish.service.js';
import { rowsTableName } from '../../src/records/rows-table.js';
import { fmt, ratios, rounds } from './lib.js';
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

type AppRun = { seconds: number; rssMb: number; anonMb: number; beforeMb: number; loopMaxMs: number; loopP99Ms: number; writerMaxMs: number };

/** Resident memory of the whole process (every thread), and the part of it that is not mapped files (the database's memory map, libraries). */
function rss(): { total: number; anon: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { total: kb('VmRSS'), anon: kb('RssAnon') };
}

/** A fresh data directory with the catalog's departments and themes and the benchmark dataset, nothing else. */
function freshApp(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  const env = readEnv({ KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
  const { db, filesDir, secret } = openDataDir(env, silent);
  const catalog = loadCatalog();
  seedCatalog(db, () => {}, { ...catalog, datasets: [] });
  const { deps } = createApp({ db, env, filesDir, secret, log: silent });
  createDataset(deps, { id: 'bench', role: 'admin', departmentId: null }, millionDataset(catalog.departments[0]!.id, catalog.themes[0]!.id));
  db.$client.exec('CREATE TABLE IF NOT EXISTS bench_writes (at INTEGER)');
  return { db, deps };
}

async function publishOnce(app: ReturnType<typeof freshApp>, csv: string): Promise<AppRun> {
  const sqlite = app.db.$client;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const before = rss();
  let peak = before;
  let writerMax = 0;
  const write = sqlite.prepare('INSERT INTO bench_writes (at) VALUES (?)');
  const sampler = setInterval(() => {
    const now = rss();
    peak = { total: Math.max(peak.total, now.total), anon: Math.max(peak.anon, now.anon) };
  }, 50);
  const writer = setInterval(() => {
    const t0 = performance.now();
    write.run(Date.now());
    writerMax = Math.max(writerMax, performance.now() - t0);
  }, 1000);
  loop.enable();
  const t0 = performance.now();
  const v = await publishVersion(app.deps, { datasetId: millionDatasetId, filePath: csv, changeNote: 'bench', publishedBy: null });
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  clearInterval(sampler);
  clearInterval(writer);
  if (v.n > 1 && !v.diff) throw new Error('no diff against the previous version');
  // Keep the previous version (the next publish diffs against it), drop older ones: the disk is not the subject.
  const pk = sqlite.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(millionDatasetId) as number;
  for (const n of sqlite.prepare('SELECT n FROM versions WHERE dataset_pk = ? AND n < ?').pluck().all(pk, v.n - 1) as number[]) {
    sqlite.prepare('DELETE FROM versions WHERE dataset_pk = ? AND n = ?').run(pk, n);
    sqlite.exec(`DROP TABLE IF EXISTS ${rowsTableName(pk, n)}`);
  }
  return { seconds, rssMb: peak.total / 1e6, anonMb: peak.anon / 1e6, beforeMb: before.total / 1e6, loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6, writerMaxMs: writerMax };
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
for (const rows of sizes) {
  const csv = await millionCsv(rows);
  const dir = path.resolve('.tmp', `bench-publish-${rows}`);
  const app = freshApp(dir);
  const goal = rows >= 1_000_000 ? 8 : 5;
  console.log(`\nbench:publish — ${rows.toLocaleString('en')} rows x ${millionSchema.length} columns, ${(fs.statSync(csv).size / 1e6).toFixed(1)} MB CSV; warm-up, then ${roundCount} interleaved rounds`);
  const out = await rounds(['floor', 'app'] as const, roundCount, async (side, round) => {
    if (side === 'floor') {
      const s = importFloor(dir, csv);
      console.log(`  ${round < 0 ? 'warm-up' : `round ${round + 1}`} floor  ${s.toFixed(2)} s`);
      return { seconds: s } as AppRun;
    }
    const r = await publishOnce(app, csv);
    console.log(`  ${round < 0 ? 'warm-up' : `round ${round + 1}`} app    ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB (${r.anonMb.toFixed(0)} MB not file-backed; ${r.beforeMb.toFixed(0)} MB before), event loop max ${r.loopMaxMs.toFixed(0)} ms (p99 ${r.loopP99Ms.toFixed(0)}), a serving-thread write waited up to ${r.writerMaxMs.toFixed(0)} ms`);
    return r;
  });
  const app_ = out.app;
  const floor = out.floor.map((r) => r.seconds);
  results.push(
    [
      `${rows.toLocaleString('en')} rows: whole publish ${fmt(app_.map((r) => r.seconds), 2, ' s')} vs sqlite3 .import ${fmt(floor, 2, ' s')}`,
      `  ratio ${fmt(ratios(app_.map((r) => r.seconds), floor), 1, 'x')} (goal <= ${goal}x); peak RSS ${fmt(app_.map((r) => r.rssMb), 0, ' MB')} (goal < 400 MB), of which not file-backed ${fmt(app_.map((r) => r.anonMb), 0, ' MB')}`,
      `  serving thread: event loop max ${fmt(app_.map((r) => r.loopMaxMs), 0, ' ms')}, p99 ${fmt(app_.map((r) => r.loopP99Ms), 0, ' ms')} (goal max < 200 ms); a write each second waited up to ${fmt(app_.map((r) => r.writerMaxMs), 0, ' ms')}`,
    ].join('\n'),
  );
  app.db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\n${results.join('\n')}`);
console.log('(median and min–max of the rounds; ratios per round)');
