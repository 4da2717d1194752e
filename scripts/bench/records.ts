import { asSqlite } from '../../src/db/connection.js';
// npm run bench:records [-- --usage=off|on] [-- --before=<checkout>] — 100-row JSON pages of the 20,000-row job-postings version, keyed, at
// 32 connections, loaded by wrk: the app beside a floor (scripts/bench/floors/records-floor.mjs: bare node:http +
// better-sqlite3 running the same SQL, an exact COUNT(*) per request, JSON.stringify).
//
// A cache-miss mix: BENCH_URLS (default 4000) distinct URLs of one or two filters (exact values of three enum
// fields, ranges of salary and headcount, many distinct values) and five sorts (indexed and not), shuffled. The
// app caches exact totals per version and filter in 2048 entries; sent in a cycle longer than that, every total
// is recomputed, as the floor recomputes it. Warm-up, then BENCH_ROUNDS (default 3) interleaved rounds of
// BENCH_SECONDS (default 5) per side; median (min–max). Datasette is not installable here (no PyPI; Debian has no
// datasette package), so the goal is the bare floor: app >= 1.0x its req/s.
//
// --before=<dir>: a checkout of an earlier commit (built, node_modules linked) run as a third side on the same data,
// interleaved with the others: what a change cost or saved, in the same run (e.g. git worktree add .tmp/before <rev>;
// ln -s "$PWD/node_modules" .tmp/before/; npm run bench:records -- --before=.tmp/before).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { rowsTableName } from '../../src/versions/rows/rows-table.js';
import { queryMix, type Field } from './records-mix.js';
import { assertClean, benchKey, ensureSeededDataDir, fmt, ratios, rounds, startApp, startServer, waitForSettledCatalog, wrk, type WrkResult } from './lib.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { usage: { type: 'string', default: 'on' }, before: { type: 'string' } } });
if (values.usage !== 'on' && values.usage !== 'off') throw new Error('--usage must be on or off');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const urlCount = Number(process.env.BENCH_URLS ?? 4000);
const connections = 32;
const datasetId = 'job-postings';
const appPort = 3111;
const floorPort = 3112;
const beforePort = 3113;

const dataDir = await ensureSeededDataDir();
const dbFile = path.join(dataDir, 'kaifang.db');
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

/** The bench key, and the version's table, schema and indexes (first column -> index name). */
async function benchTarget() {
  const { db } = await openDataDir(readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' }), silent);
  try {
    const secret = await benchKey(db);
    const ds = asSqlite(db).$client.prepare("SELECT d.pk, MAX(v.n) AS n FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.status = 'published' WHERE d.id = ?").get(datasetId) as { pk: number; n: number };
    const v = asSqlite(db).$client.prepare('SELECT schema, row_count FROM versions WHERE dataset_pk = ? AND n = ?').get(ds.pk, ds.n) as { schema: string; row_count: number };
    const table = rowsTableName(ds.pk, ds.n);
    const indexes = asSqlite(db).$client.prepare('SELECT ii.name AS col, il.name AS idx FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0').all(table) as { col: string; idx: string }[];
    return { secret, n: ds.n, table, rows: v.row_count, schema: v.schema, indexes: indexes.map((i) => [i.col, i.idx]) };
  } finally {
    asSqlite(db).$client.close();
  }
}

const target = await benchTarget();
const mix = queryMix(JSON.parse(target.schema) as Field[], urlCount);
type Side = 'app' | 'before' | 'floor';
const urls = (side: Side) => mix.map((s) => (side === 'floor' ? `http://127.0.0.1:${floorPort}/records?${s}` : `http://127.0.0.1:${side === 'app' ? appPort : beforePort}/api/v1/datasets/${datasetId}/versions/${target.n}/records?${s}`));
const headers = { authorization: `Bearer ${target.secret}` };

const app = await startApp(dataDir, appPort, { KAIFANG_USAGE: values.usage! });
const before = values.before
  ? await startServer([path.resolve(values.before, 'scripts/start.mjs')], { MALLOC_ARENA_MAX: '2', PORT: String(beforePort), HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_USAGE: values.usage! }, `http://127.0.0.1:${beforePort}/healthz`)
  : null;
const sides: readonly Side[] = before ? ['app', 'before', 'floor'] : ['app', 'floor'];
const floor = await startServer([path.resolve('scripts/bench/floors/records-floor.mjs')], {
  PORT: String(floorPort), DB: dbFile, TABLE: target.table, ROWS: String(target.rows), VERSION: String(target.n), SCHEMA: target.schema, INDEXES: JSON.stringify(target.indexes),
}, `http://127.0.0.1:${floorPort}/`);
try {
  await waitForSettledCatalog(dataDir);
  // Same question, same answer: records and totals must agree before speeds are compared.
  const [appUrls, floorUrls] = [urls('app'), urls('floor')];
  for (let i = 0; i < 60; i++) {
    const [a, f] = await Promise.all([fetch(appUrls[i]!, { headers }), fetch(floorUrls[i]!)].map(async (r) => (await r).json() as Promise<{ data: unknown[]; total: number; fields: unknown }>));
    if (JSON.stringify([a!.data, a!.total, a!.fields]) !== JSON.stringify([f!.data, f!.total, f!.fields])) throw new Error(`app and floor disagree on ${mix[i]}`);
  }
  console.log(`bench:records — wrk, ${connections} connections, ${seconds} s per side per round, ${roundCount} rounds after a warm-up, usage=${values.usage}; median (min–max)`);
  console.log(`${mix.length} distinct URLs of ${datasetId} v${target.n} (${target.rows} rows): 1–2 filters, 5 sorts, limit=100; the app's totals cache (2048) misses`);
  const result = await rounds(sides, roundCount, async (side, round): Promise<WrkResult> => {
    const r = await wrk(urls(side), { connections, duration: round < 0 ? 2 : seconds, headers });
    assertClean(side, r);
    return r;
  });
  console.log(`${''.padEnd(7)}${'req/s'.padEnd(24)}${'p50 ms'.padEnd(24)}p99 ms`);
  for (const side of sides) {
    const runs = result[side];
    console.log(`${side.padEnd(7)}${fmt(runs.map((x) => x.rps)).padEnd(24)}${fmt(runs.map((x) => x.p50), 2).padEnd(24)}${fmt(runs.map((x) => x.p99), 2)}`);
  }
  console.log(`app/floor req/s, per round: ${fmt(ratios(result.app.map((x) => x.rps), result.floor.map((x) => x.rps)), 2, 'x')} (goal >= 1.0x; Datasette cannot be installed here)`);
  if (before) console.log(`app/before req/s, per round: ${fmt(ratios(result.app.map((x) => x.rps), result.before.map((x) => x.rps)), 3, 'x')} (before: ${values.before} at its commit)`);
  console.log('The machine is shared: compare the per-round ratios, not the absolute figures, across runs.');
} finally {
  app.kill('SIGTERM');
  floor.kill('SIGTERM');
  before?.kill('SIGTERM');
}
