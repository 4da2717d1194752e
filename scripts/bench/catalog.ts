// npm run bench:catalog — catalog search and dataset detail latency at 16 connections,
// the app beside a bare node:http + better-sqlite3 floor on the same database, in one run.
import path from 'node:path';
import { ensureSeededDataDir, load, report, startApp, startServer } from './lib.js';
import { toMatchQuery } from '../../src/lib/segment.js';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = ensureSeededDataDir();
const q = '公交';
const detailId = 'bus-stops';

const app = await startApp(dataDir, 3101);
const floor = await startServer([path.resolve('scripts/bench/floors/catalog-floor.mjs')], { PORT: '3102', DB: path.join(dataDir, 'kaifang.db') }, 'http://127.0.0.1:3102/');
try {
  const match = encodeURIComponent(toMatchQuery(q)!);
  const rows = [
    ['app  GET /api/v1/datasets?q=公交', await load(`http://127.0.0.1:3101/api/v1/datasets?q=${encodeURIComponent(q)}`, { connections: 16, duration })],
    ['floor search (same FTS query)', await load(`http://127.0.0.1:3102/search?match=${match}`, { connections: 16, duration })],
    [`app  GET /api/v1/datasets/${detailId}`, await load(`http://127.0.0.1:3101/api/v1/datasets/${detailId}`, { connections: 16, duration })],
    ['floor detail (same rows)', await load(`http://127.0.0.1:3102/datasets/${detailId}`, { connections: 16, duration })],
  ] as const;
  report(`bench:catalog — 16 connections, ${duration} s each`, rows.map(([n, r]) => [n, r]));
  console.log(`\nsearch: app/floor req/s = ${(rows[0][1].rps / rows[1][1].rps * 100).toFixed(0)}%, goal p50 < 5 ms (got ${rows[0][1].p50} ms)`);
  console.log(`detail: app/floor req/s = ${(rows[2][1].rps / rows[3][1].rps * 100).toFixed(0)}%`);
} finally {
  app.kill('SIGTERM');
  floor.kill('SIGTERM');
}
