import { asSqlite } from '../../src/db/connection.js';
// npm run bench:abuse — does one abusive client stall the portal for everyone? For each kind of abuse
//   (a) the first `q=` on a large version (its search index does not exist yet),
//   (b) 30 parallel `records?limit=all&format=csv` streams with one key,
//   (c) 8 concurrent 200 MB JSON bodies to sign-in (4 with Content-Length, 4 chunked),
//   (d) 3 concurrent XLSX bombs (700 KB inflating to 700 MB) uploaded by a publisher,
// it probes `/healthz` and a catalog search (a stream of distinct queries) every 50 ms, beside the same probes on
// the idle server in the same round, and samples the server's RSS. Three interleaved rounds (idle, a, b, c, d)
// after a warm-up, each window on a fresh server; medians and min–max. Goal: p99 under abuse <= 3x idle, peak RSS < 600 MB.
// The abusers are curl processes; the probes are sequential, so they add no load of their own.
import fs from 'node:fs';
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { createUser, findUserByEmail } from '../../src/auth/auth.service.js';
import { rowsTableName } from '../../src/versions/rows/rows-table.js';
import { benchKey, ensureSeededDataDir, startApp } from './lib.js';
import { curl, hugeJsonFile, xlsxBombFile } from './abuse-clients.js';

const port = 3131;
const base = `http://127.0.0.1:${port}`;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 6000);
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };
const dataDir = await ensureSeededDataDir();
const tmp = path.resolve('.tmp');
fs.mkdirSync(tmp, { recursive: true });

type Version = { id: string; pk: number; n: number; rows: number; word: string };

/** The largest open versions (one per round, so each round's `q=` is a first one), with a word found in them. */
function prepare(db: Awaited<ReturnType<typeof openDataDir>>['db']) {
  const versions = asSqlite(db).$client.prepare(`SELECT d.id, d.pk, v.n, v.row_count AS rows, v.schema FROM versions v JOIN datasets d ON d.pk = v.dataset_pk
    WHERE d.open_type = 'open' AND v.status = 'published' ORDER BY v.row_count DESC LIMIT ?`).all(rounds) as (Omit<Version, 'word'> & { schema: string })[];
  const picked: Version[] = versions.map((v) => {
    const text = (JSON.parse(v.schema) as { name: string; type: string; primary_key?: boolean }[]).find((f) => f.type === 'string' && !f.primary_key)!;
    const value = asSqlite(db).$client.prepare(`SELECT "${text.name}" FROM "${rowsTableName(v.pk, v.n)}" WHERE "${text.name}" IS NOT NULL LIMIT 1`).pluck().get() as string;
    return { id: v.id, pk: v.pk, n: v.n, rows: v.rows, word: [...value].slice(0, 2).join('') };
  });
  // Whatever a previous run built: each round must meet a version without its search index.
  for (const v of picked) {
    const indexes = asSqlite(db).$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND name GLOB ?").pluck().all(`${rowsTableName(v.pk, v.n)}_fts*`) as string[];
    for (const t of indexes) asSqlite(db).$client.exec(`DROP TABLE IF EXISTS "${t}"`);
  }
  // Three datasets of one department, so the bombs are not refused as concurrent publishes of one dataset.
  const dept = asSqlite(db).$client.prepare('SELECT department_id FROM datasets GROUP BY department_id HAVING COUNT(*) >= 3 ORDER BY department_id LIMIT 1').pluck().get() as string;
  const bombTargets = asSqlite(db).$client.prepare('SELECT id FROM datasets WHERE department_id = ? ORDER BY pk LIMIT 3').pluck().all(dept) as string[];
  return { picked, streamDataset: picked[0]!.id, bombDept: dept, bombTargets };
}

async function publisherPassword(db: Awaited<ReturnType<typeof openDataDir>>['db'], department: string): Promise<string> {
  const email = `bench-publisher-${department}@kaifang.local`;
  const password = 'bench-publisher-password-not-secret';
  if (!await findUserByEmail(db, email)) await createUser(db, { email, password, role: 'publisher', departmentId: department }, new Date());
  return password;
}

async function signIn(department: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench-publisher-${department}@kaifang.local`, password }) });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return cookie;
}

const searchWords = ['公交', '学校', '医院', '企业', '天气', '空气', '道路', '停车', '人口', '旅游', '文化', '体育', '招聘', '社保', '养老', '住房', '交通', '水质', '环境', '农业', '餐饮', '药店', '图书馆', '公园', '地铁', '充电', '景区', '幼儿园', '菜市场', '路灯'];
let searchSeq = 0;
const nextSearch = () => {
  const i = searchSeq++;
  const a = searchWords[i % searchWords.length]!;
  const b = searchWords[Math.floor(i / searchWords.length) % searchWords.length]!;
  return `${base}/api/v1/datasets?q=${encodeURIComponent(a === b ? a : `${a} ${b}`)}&limit=${10 + (i % 7)}`;
};

/** Sequential probes every 50 ms until `signal` aborts: latencies in ms (a probe cut off by the end counts as its wait so far). */
async function probe(next: () => string, signal: AbortSignal): Promise<number[]> {
  const out: number[] = [];
  while (!signal.aborted) {
    const t0 = performance.now();
    try {
      const res = await fetch(next(), { signal });
      await res.arrayBuffer();
    } catch {
      /* aborted or refused: the wait still counts */
    }
    out.push(performance.now() - t0);
    const rest = 50 - (performance.now() - t0);
    if (rest > 0 && !signal.aborted) await new Promise((r) => setTimeout(r, rest));
  }
  return out;
}

function sampleRss(pid: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    let peak = 0;
    const read = () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    };
    read();
    const timer = setInterval(read, 50);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      read();
      resolve(peak);
    }, { once: true });
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

type Window = { healthP99: number; searchP99: number; healthMax: number; rssMb: number; statuses: string };

/**
 * One measured window: probes and RSS from the start of `abuse` until both `windowMs` have passed and every abusive
 * request has ended (at most `capMs`: then the abusers are cut off, and the window says so).
 */
async function measure(pid: number, abuse: (signal: AbortSignal) => Promise<number[]>, capMs = 30_000): Promise<Window> {
  const ctl = new AbortController();
  const abusers = new AbortController();
  setMaxListeners(64, abusers.signal);
  const rss = sampleRss(pid, ctl.signal);
  const health = probe(() => `${base}/healthz`, ctl.signal);
  const search = probe(nextSearch, ctl.signal);
  const cap = setTimeout(() => abusers.abort(), capMs);
  const [codes] = await Promise.all([abuse(abusers.signal), new Promise((r) => setTimeout(r, windowMs))]);
  clearTimeout(cap);
  ctl.abort();
  const [h, s, peak] = await Promise.all([health, search, rss]);
  const counts = new Map<number, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return { healthP99: pct(h, 99), searchP99: pct(s, 99), healthMax: Math.max(...h), rssMb: peak, statuses: [...counts].map(([k, v]) => `${v}x${k || 'cut'}`).join(' ') };
}

const { db } = await openDataDir(readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' }), silent);
const { picked, streamDataset, bombDept, bombTargets } = prepare(db);
const password = await publisherPassword(db, bombDept);
const key = await benchKey(db);
asSqlite(db).$client.close();
const jsonFile = hugeJsonFile(tmp);
const bombFile = await xlsxBombFile(tmp);
console.log(`bench:abuse — ${rounds} rounds of ${windowMs / 1000} s windows; q= on ${picked.map((v) => `${v.id} v${v.n} (${v.rows} rows, q=${v.word})`).join(', ')}; streams of ${streamDataset}; bomb ${(fs.statSync(bombFile).size / 1024).toFixed(0)} KB to ${bombTargets.join(', ')}`);

const auth = ['-H', `Authorization: Bearer ${key}`];
const scenarios: Record<string, (round: number, cookie: string) => (signal: AbortSignal) => Promise<number[]>> = {
  idle: () => async () => [],
  // The first q= starts the version's index build; the client asks again each second until it gets its rows.
  'a first q= on a large version': (round) => async (signal) => {
    const v = picked[round % picked.length]!;
    const codes: number[] = [];
    while (!signal.aborted && codes.at(-1) !== 200) {
      codes.push(await curl([...auth, `${base}/api/v1/datasets/${v.id}/versions/${v.n}/records?q=${encodeURIComponent(v.word)}&limit=10`], signal));
      if (codes.at(-1) !== 200) await new Promise((r) => setTimeout(r, 1000));
    }
    return codes;
  },
  'b 30 limit=all CSV streams, one key': () => (signal) =>
    Promise.all(Array.from({ length: 30 }, () => curl([...auth, `${base}/api/v1/datasets/${streamDataset}/records?limit=all&format=csv`], signal))),
  'c 8 x 200 MB JSON to sign-in': () => (signal) =>
    Promise.all(Array.from({ length: 8 }, (_, i) => curl(['-X', 'POST', '-H', 'content-type: application/json', ...(i % 2 ? ['-H', 'Transfer-Encoding: chunked'] : []), '-T', jsonFile, `${base}/api/v1/auth/login`], signal))),
  'd 3 XLSX bombs (publisher upload)': (_, cookie) => (signal) =>
    Promise.all(bombTargets.map((id) => curl(['-H', `Cookie: ${cookie}`, '-H', `Origin: ${base}`, '-F', `file=@${bombFile}`, '-F', 'change_note=bomb', `${base}/api/v1/datasets/${id}/versions`], signal))),
};

// Each window gets a fresh server, so one window's peak RSS is its own and not what an earlier one left behind.
const results = new Map<string, Window[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, make] of Object.entries(scenarios)) {
    const app = await startApp(dataDir, port);
    try {
      const cookie = await signIn(bombDept, password);
      // Warm-up: code paths, catalog caches and the page cache, outside the measured window.
      for (let i = 0; i < 20; i++) await (await fetch(nextSearch())).arrayBuffer();
      await (await fetch(`${base}/api/v1/datasets/${streamDataset}/records?limit=100`, { headers: { authorization: `Bearer ${key}` } })).arrayBuffer();
      const w = await measure(app.pid!, make(round, cookie));
      (results.get(name) ?? results.set(name, []).get(name)!).push(w);
      console.log(`  round ${round + 1} ${name.padEnd(36)} healthz p99 ${w.healthP99.toFixed(1).padStart(7)} ms (max ${w.healthMax.toFixed(0)})  search p99 ${w.searchP99.toFixed(1).padStart(7)} ms  RSS ${w.rssMb.toFixed(0)} MB  ${w.statuses}`);
    } finally {
      app.kill('SIGTERM');
      await new Promise((r) => app.once('exit', r));
    }
  }
}

const median = (xs: number[]) => pct(xs, 50);
const fmt = (xs: number[]) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
const idle = results.get('idle')!;
console.log('\nscenario                              healthz p99 ms       x idle   search p99 ms        x idle   peak RSS MB');
for (const [name, ws] of results) {
  const hx = ws.map((w, i) => w.healthP99 / idle[i]!.healthP99);
  const sx = ws.map((w, i) => w.searchP99 / idle[i]!.searchP99);
  console.log(`${name.padEnd(37)} ${fmt(ws.map((w) => w.healthP99)).padEnd(20)} ${median(hx).toFixed(1).padStart(6)}   ${fmt(ws.map((w) => w.searchP99)).padEnd(20)} ${median(sx).toFixed(1).padStart(6)}   ${Math.max(...ws.map((w) => w.rssMb)).toFixed(0)}`);
}
console.log('goal: p99 under abuse <= 3x the idle p99 of the same round; peak RSS < 600 MB (medians of the per-round ratios; max RSS)');
