import { asSqlite } from '../../src/db/connection.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { readEnv } from '../../src/env.js';
import { openDataDir, seedIfEmpty } from '../../src/boot.js';
import type { Db } from '../../src/db/client.js';
import { createUser, findUserByEmail } from '../../src/auth/auth.service.js';
import { createKey, listKeys, revokeKey, setKeyLimits } from '../../src/keys/keys.service.js';

export const benchDataDir = path.resolve('.tmp/bench-data');
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

/** A seeded data directory reused across bench runs (seeded on first use). */
export async function ensureSeededDataDir(dir = benchDataDir): Promise<string> {
  const env = readEnv({ KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
  const { db } = await openDataDir(env, silent);
  await seedIfEmpty(db, { info: (m) => console.log(m), error: silent.error });
  asSqlite(db).$client.close();
  return dir;
}

/** Starts a Node script as a child process and resolves once `url` answers. */
export async function startServer(args: string[], env: Record<string, string>, url: string): Promise<ChildProcess> {
  // BENCH_SERVER_LOG=1: the server's own log (KAIFANG_LOG=info) on this stdout, e.g. a publish's stage timings.
  const log = Boolean(process.env.BENCH_SERVER_LOG);
  // BENCH_CPU_PROF=<dir>: each server (app and floor) writes a V8 CPU profile there when it exits.
  if (process.env.BENCH_CPU_PROF) args = ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, ...args];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, ...(log ? { KAIFANG_LOG: 'info' } : {}) }, stdio: ['ignore', log ? 'inherit' : 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`server did not answer ${url}`);
}

/** The portal as `npm start` runs it: the compiled server (built first when the sources changed), glibc's arenas capped as there. */
export const startApp = (dataDir: string, port: number, extraEnv: Record<string, string> = {}) =>
  startServer(['scripts/start.mjs'], { MALLOC_ARENA_MAX: '2', PORT: String(port), HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', ...extraEnv }, `http://127.0.0.1:${port}/healthz`);

/**
 * Waits until the catalog's change counter has stood still for `quietMs`: a freshly seeded data directory has
 * the app's background artifact builder running for a minute or two, and each artifact it stores moves the
 * counter (emptying the app's catalog caches) and takes CPU, which would be measured as the app's cost.
 */
export async function waitForSettledCatalog(dataDir: string, quietMs = 3000, maxMs = 600_000): Promise<void> {
  const db = new Database(path.join(dataDir, 'kaifang.db'), { readonly: true });
  const generation = db.prepare('SELECT generation FROM catalog_state WHERE id = 1').pluck();
  const started = Date.now();
  let last = generation.get();
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = generation.get();
    if (now !== last) [last, since] = [now, Date.now()];
  }
  db.close();
  const waited = Date.now() - started - quietMs;
  if (waited > 1000) console.log(`(waited ${(waited / 1000).toFixed(0)} s for the app's background artifact builds to finish)`);
}

// ---- Honest comparisons: warm-up, interleaved rounds, median and min–max, a C load client (wrk). ----

export type Spread = { median: number; min: number; max: number };

export function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s.at(-1)! };
}

/** "1234 (1200–1300)": the median, then the min–max of the rounds. */
export function fmt(xs: number[], digits = 0, unit = ''): string {
  const { median, min, max } = spread(xs);
  return `${median.toFixed(digits)}${unit} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}

/** Per-round ratios a[i] / b[i]: the rounds are paired, so slow drift of a shared machine mostly cancels. Print with fmt. */
export const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);

/**
 * Runs every side once as an unrecorded warm-up, then `n` rounds, each running every side once; the order
 * alternates between rounds (A B, B A, A B ...) so neither side always runs on the warmer or quieter machine.
 */
export async function rounds<S extends string, R>(sides: readonly S[], n: number, run: (side: S, round: number) => Promise<R>): Promise<Record<S, R[]>> {
  const out = Object.fromEntries(sides.map((s) => [s, [] as R[]])) as Record<S, R[]>;
  for (const side of sides) await run(side, -1);
  for (let round = 0; round < n; round++) {
    const order = round % 2 ? [...sides].reverse() : sides;
    for (const side of order) out[side].push(await run(side, round));
  }
  return out;
}

export type WrkResult = { rps: number; mbPerS: number; p50: number; p90: number; p99: number; max: number; requests: number; non2xx: number; errors: number };
export type WrkOptions = { connections: number; duration: number; threads?: number; headers?: Record<string, string> };

const wrkDone = `
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"bytes":%d,"us":%d,"status":%d,"socket":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.bytes, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end`;

/** Each wrk thread starts at its own offset in the list, so the threads do not send the same path in step. */
const wrkPaths = (paths: string[], threads: number) => `
local paths = { ${paths.map((p) => JSON.stringify(p)).join(',\n')} }
local threads, i = 0, 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args) i = math.floor(id * #paths / ${threads}) end
function request() i = i % #paths + 1; return wrk.format(nil, paths[i]) end`;

/**
 * Load from wrk (Debian's wrk, a C client that is never the bottleneck on loopback): one URL, or a stream of
 * URLs on one origin sent in turn. Latencies in ms, from wrk's HdrHistogram; non-2xx/3xx answers counted apart.
 */
export async function wrk(target: string | string[], opts: WrkOptions): Promise<WrkResult> {
  const urls = typeof target === 'string' ? [target] : target;
  const origin = new URL(urls[0]!).origin;
  const paths = urls.map((u) => {
    const url = new URL(u);
    if (url.origin !== origin || !/^[\x20-\x7e]*$/.test(url.pathname + url.search)) throw new Error(`wrk: ${u} is not an ASCII path on ${origin}`);
    return url.pathname + url.search;
  });
  const threads = opts.threads ?? 2;
  const script = writeFloorScript(`wrk-${process.pid}-${Date.now()}.lua`, (urls.length > 1 ? wrkPaths(paths, threads) : '') + wrkDone);
  const args = ['-t', String(threads), '-c', String(opts.connections), '-d', `${opts.duration}s`, '--timeout', '10s', '-s', script];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  const out = await new Promise<string>((resolve, reject) =>
    execFile('wrk', [...args, origin + paths[0]], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? reject(new Error((err as { code?: unknown }).code === 'ENOENT' ? 'wrk is not installed: apt-get install wrk' : `wrk failed: ${stderr || err.message}`)) : resolve(stdout))),
  );
  fs.rmSync(script, { force: true });
  const m = /WRK_JSON (\{.*\})/.exec(out);
  if (!m) throw new Error(`wrk printed no summary:\n${out}`);
  const r = JSON.parse(m[1]!) as { requests: number; bytes: number; us: number; status: number; socket: number; p50: number; p90: number; p99: number; max: number };
  const secs = r.us / 1e6;
  return { rps: r.requests / secs, mbPerS: r.bytes / 1e6 / secs, p50: r.p50 / 1000, p90: r.p90 / 1000, p99: r.p99 / 1000, max: r.max / 1000, requests: r.requests, non2xx: r.status, errors: r.socket };
}

/** Fails loudly when a side answered errors: a fast 404 is not a result. */
export function assertClean(label: string, r: WrkResult) {
  if (r.non2xx || r.errors) throw new Error(`${label}: ${r.non2xx} non-2xx answers and ${r.errors} socket errors out of ${r.requests} requests`);
}

// ---- autocannon, kept for the benches that still use it ----

export type LoadResult = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

export async function load(url: string, opts: { connections: number; duration: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.duration, headers: opts.headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

export function report(title: string, rows: [string, LoadResult][]) {
  console.log(`\n${title}`);
  console.log('server'.padEnd(34), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non2xx'.padStart(7));
  for (const [name, r] of rows) console.log(name.padEnd(34), r.rps.toFixed(0).padStart(9), String(r.p50).padStart(8), String(r.p99).padStart(8), String(r.non2xx + r.errors).padStart(7));
}

export const writeFloorScript = (name: string, source: string) => {
  const file = path.resolve('.tmp', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return file;
};

/** A fresh key of the bench user (created once; older keys revoked), with limits raised so the limiter never refuses. */
export async function benchKey(db: Db): Promise<string> {
  const email = 'bench@kaifang.local';
  const user = await findUserByEmail(db, email) ?? (await createUser(db, { email, password: 'bench-password-not-secret' }, new Date()));
  for (const k of await listKeys(db, user.id)) await revokeKey(db, user.id, k.id, new Date());
  const key = await createKey(db, user, 'bench', new Date());
  await setKeyLimits(db, key.id, { ratePerMin: 1_000_000_000, dailyQuota: 1_000_000_000 });
  return key.secret;
}
