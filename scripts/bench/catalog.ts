// npm run bench:catalog — catalog search and dataset detail, the app beside a floor (bare node:http +
// better-sqlite3 answering the same question: scripts/bench/floors/catalog-floor.mjs), loaded by wrk.
//
// Search: a shuffled stream of up to BENCH_QUERIES (default 6000) distinct queries built from real catalog words
// (title bigrams, English title words, pairs of them from one title) with department, theme and open-type
// filters and every sort. Neither side caches a search result: the floor has none, and the app's search memo
// (2000 entries, emptied when full) sees each q again only after thousands of other q values, by which time it
// has been emptied, so it misses (a run may hit what the run before it left, at most 2000 requests' worth).
// Detail: every dataset id, shuffled; here BOTH sides cache (the app memoises details until the catalog
// changes; the floor does the same with the same change-counter read), since 179 ids always fit a cache.
//
// Each load is run as warm-up + BENCH_ROUNDS (default 3) interleaved rounds of BENCH_SECONDS (default 5)
// at 16 connections, then a one-connection pass for the unqueued latency of a single request.
import path from 'node:path';
import Database from 'better-sqlite3';
import { assertClean, ensureSeededDataDir, waitForSettledCatalog, fmt, ratios, rounds, startApp, startServer, wrk, type WrkResult } from './lib.js';
import { datasetSorts } from '../../src/catalog/catalog.service.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const queryCount = Number(process.env.BENCH_QUERIES ?? 6000);
const connections = 16;
const appPort = 3101;
const floorPort = 3102;

const dataDir = await ensureSeededDataDir();
const dbFile = path.join(dataDir, 'kaifang.db');

/** A deterministic shuffle (the same stream every run). */
function shuffle<T>(xs: T[], seed = 7): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Source = { id: string; title_zh: string; title_en: string; department_id: string; theme_id: string; open_type: string };

/** Query strings (without the origin) that both servers understand: q, facet filters, sort, limit. */
function searchStream(rows: Source[]): string[] {
  const seen = new Set<string>();
  const stream: string[] = [];
  const add = (q: string, r: Source) => {
    if (seen.has(q)) return;
    seen.add(q);
    const params = new URLSearchParams({ q });
    const n = seen.size;
    if (n % 3 === 0) params.set('department', r.department_id);
    if (n % 4 === 1) params.set('theme', r.theme_id);
    if (n % 5 === 2) params.set('open_type', r.open_type);
    const sort = datasetSorts[n % datasetSorts.length]!;
    if (sort !== 'relevance') params.set('sort', sort);
    params.set('limit', '20');
    stream.push(`?${params}`);
  };
  for (const r of rows) {
    const han = [...r.title_zh.matchAll(/\p{Script=Han}+/gu)].map((m) => m[0]);
    const bigrams = [...new Set(han.flatMap((run) => Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2))))];
    const words = [...new Set(r.title_en.toLowerCase().match(/[a-z]{3,}/g) ?? [])];
    for (const b of bigrams) add(b, r);
    for (const w of words) add(w, r);
    for (let i = 0; i < bigrams.length; i++) for (let j = i + 2; j < bigrams.length; j++) add(`${bigrams[i]} ${bigrams[j]}`, r);
    for (let i = 0; i + 1 < words.length; i++) add(`${words[i]} ${words[i + 1]}`, r);
    for (const b of bigrams) for (const w of words) add(`${b} ${w}`, r);
  }
  return shuffle(stream).slice(0, queryCount);
}

const catalog = new Database(dbFile, { readonly: true });
const sources = catalog.prepare('SELECT id, title_zh, title_en, department_id, theme_id, open_type FROM datasets ORDER BY pk').all() as Source[];
catalog.close();
const searches = searchStream(sources);
const distinctQ = new Set(searches.map((s) => new URLSearchParams(s).get('q'))).size;
const ids = shuffle(sources.map((s) => s.id));

type Run = { load: WrkResult; single: WrkResult };
type Side = 'app' | 'floor';
const urls = (side: Side, kind: 'search' | 'detail') =>
  kind === 'search'
    ? searches.map((s) => (side === 'app' ? `http://127.0.0.1:${appPort}/api/v1/datasets${s}` : `http://127.0.0.1:${floorPort}/search${s}`))
    : ids.map((id) => (side === 'app' ? `http://127.0.0.1:${appPort}/api/v1/datasets/${id}` : `http://127.0.0.1:${floorPort}/datasets/${id}`));

async function measure(kind: 'search' | 'detail') {
  return rounds(['app', 'floor'] as const, roundCount, async (side, round): Promise<Run> => {
    const list = urls(side, kind);
    const warm = round < 0;
    const load = await wrk(list, { connections, duration: warm ? 2 : seconds });
    const single = await wrk(list, { connections: 1, threads: 1, duration: warm ? 1 : 2 });
    assertClean(`${side} ${kind}`, load);
    assertClean(`${side} ${kind}`, single);
    return { load, single };
  });
}

function print(title: string, r: Record<Side, Run[]>, goal = '') {
  const col = (runs: Run[], f: (x: Run) => number, digits: number) => fmt(runs.map(f), digits).padEnd(24);
  console.log(`\n${title}`);
  console.log(`${''.padEnd(7)}${'req/s, 16 conn'.padEnd(24)}${'p50 ms, 16 conn'.padEnd(24)}${'p99 ms, 16 conn'.padEnd(24)}p50 ms, 1 conn`);
  for (const side of ['app', 'floor'] as const) {
    const runs = r[side];
    console.log(`${side.padEnd(7)}${col(runs, (x) => x.load.rps, 0)}${col(runs, (x) => x.load.p50, 2)}${col(runs, (x) => x.load.p99, 2)}${fmt(runs.map((x) => x.single.p50), 2)}`);
  }
  const ratio = ratios(r.app.map((x) => x.load.rps), r.floor.map((x) => x.load.rps));
  console.log(`app/floor req/s, per round: ${fmt(ratio, 2, 'x')}${goal}`);
}

const app = await startApp(dataDir, appPort);
const floor = await startServer(['--import', 'tsx', path.resolve('scripts/bench/floors/catalog-floor.mjs')], { PORT: String(floorPort), DB: dbFile }, `http://127.0.0.1:${floorPort}/`);
try {
  await waitForSettledCatalog(dataDir);
  // Same question, same answer: the two sides must agree on the matches before their speed is compared.
  const [appUrls, floorUrls] = [urls('app', 'search'), urls('floor', 'search')];
  for (let i = 0; i < 50; i++) {
    const [a, f] = await Promise.all([appUrls[i]!, floorUrls[i]!].map(async (u) => (await fetch(u)).json() as Promise<{ data: { id: string }[]; total: number }>));
    if (a!.total !== f!.total || a!.data.map((d) => d.id).join() !== f!.data.map((d) => d.id).join()) throw new Error(`app and floor disagree on ${searches[i]}`);
  }
  console.log(`bench:catalog — wrk, ${connections} connections, ${seconds} s per side per round, ${roundCount} rounds after a warm-up; median (min–max)`);
  const search = await measure('search');
  print(`search: ${searches.length} distinct URLs (${distinctQ} distinct q), no result cache on either side`, search);
  const p50 = fmt(search.app.map((x) => x.load.p50), 2, ' ms');
  console.log(`goal: app p50 < 5 ms at ${connections} connections — got ${p50}`);
  const detail = await measure('detail');
  print(`detail: ${ids.length} dataset ids, both sides cache until the catalog changes`, detail);
  console.log('\nThe machine is shared: compare the per-round ratios, not the absolute figures, across runs.');
} finally {
  app.kill('SIGTERM');
  floor.kill('SIGTERM');
}
