// npm run bench:records [-- --usage=off|on] — a 100-row JSON page of the 20k-row open dataset with one
// filter and a sort, keyed, at 32 connections: the app beside a floor (bare node:http + better-sqlite3
// running the same SQL, JSON.stringify), one after the other on 127.0.0.1. Goal: >= 50% of the floor, p99 < 25 ms.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { rowsTableName } from '../../src/records/rows-table.js';
import { benchKey, ensureSeededDataDir, load, report, startApp, startServer, writeFloorScript } from './lib.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { usage: { type: 'string', default: 'on' } } });
if (values.usage !== 'on' && values.usage !== 'off') throw new Error('--usage must be on or off');
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const datasetId = 'job-postings';
const filter = { field: 'district', value: '花山区' };
const sort = { field: 'salary_min', desc: true };

const dataDir = ensureSeededDataDir();
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

/** The bench key and the table and fields of the dataset's latest version. */
async function benchTarget(): Promise<{ secret: string; table: string; fields: string[] }> {
  const { db } = openDataDir(readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' }), silent);
  try {
    const secret = await benchKey(db);
    const ds = db.$client.prepare("SELECT d.pk, MAX(v.n) AS n FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.status = 'published' WHERE d.id = ?").get(datasetId) as { pk: number; n: number };
    const schema = JSON.parse(db.$client.prepare('SELECT schema FROM versions WHERE dataset_pk = ? AND n = ?').pluck().get(ds.pk, ds.n) as string) as { name: string }[];
    return { secret, table: rowsTableName(ds.pk, ds.n), fields: schema.map((f) => f.name) };
  } finally {
    db.$client.close();
  }
}

const floorSource = `
import http from 'node:http';
import Database from 'better-sqlite3';
const db = new Database(process.env.DB, { readonly: true });
db.pragma('mmap_size = 268435456');
const page = db.prepare(process.env.PAGE_SQL);
const count = db.prepare(process.env.COUNT_SQL).pluck();
const totals = new Map();
http.createServer((req, res) => {
  const value = new URL(req.url, 'http://x').searchParams.get('v');
  const data = page.all(value, 100);
  let total = totals.get(value);
  if (total === undefined) totals.set(value, (total = count.get(value)));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data, next_cursor: null, total }));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

const { secret, table, fields } = await benchTarget();
const q = (s: string) => `"${s}"`;
const pageSql = `SELECT ${fields.map(q).join(', ')} FROM ${q(table)} INDEXED BY ${q(`${table}_${sort.field}`)} WHERE ${q(filter.field)} = ? ORDER BY ${q(sort.field)} ${sort.desc ? 'DESC' : 'ASC'}, _rowid LIMIT ?`;
const countSql = `SELECT COUNT(*) FROM ${q(table)} WHERE ${q(filter.field)} = ?`;
const appPath = `/api/v1/datasets/${datasetId}/records?${filter.field}=${encodeURIComponent(filter.value)}&sort=${sort.desc ? '-' : ''}${sort.field}&limit=100`;

const app = await startApp(dataDir, 3111, { KAIFANG_USAGE: values.usage });
const floor = await startServer([writeFloorScript('records-floor.mjs', floorSource)], { PORT: '3112', DB: path.join(dataDir, 'kaifang.db'), PAGE_SQL: pageSql, COUNT_SQL: countSql }, `http://127.0.0.1:3112/?v=${encodeURIComponent(filter.value)}`);
try {
  const check = await fetch(`http://127.0.0.1:3111${appPath}`, { headers: { authorization: `Bearer ${secret}` } });
  if (check.status !== 200) throw new Error(`app answered ${check.status}: ${await check.text()}`);
  const appResult = await load(`http://127.0.0.1:3111${appPath}`, { connections, duration, headers: { authorization: `Bearer ${secret}` } });
  const floorResult = await load(`http://127.0.0.1:3112/?v=${encodeURIComponent(filter.value)}`, { connections, duration });
  report(`bench:records — ${connections} connections, ${duration} s each, usage=${values.usage}`, [
    [`app  GET ${appPath.replace(encodeURIComponent(filter.value), filter.value)}`, appResult],
    ['floor node:http + same SQL', floorResult],
  ]);
  const ratio = (appResult.rps / floorResult.rps) * 100;
  console.log(`\napp/floor req/s = ${ratio.toFixed(0)}% (goal >= 50%), app p99 = ${appResult.p99} ms (goal < 25 ms)`);
  console.log(`floor SQL: ${pageSql} + ${countSql} (cached per value, as the app caches totals per version and filter)`);
} finally {
  app.kill('SIGTERM');
  floor.kill('SIGTERM');
}
