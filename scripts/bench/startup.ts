// npm run bench:startup — time from spawn to the first 200 of /healthz. Once: the first start on an empty data
// directory (migrate, seed the catalog and a year of demo usage), left running until its background artifact builds
// finish. Then restarts on that seeded directory, in interleaved rounds after a warm-up: `npm start`'s own command
// (package.json scripts.start: the compiled build), the same server from the TypeScript sources through tsx (how
// `npm start` ran before), and a floor: bare node:http + better-sqlite3 opening the same file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fmt, ratios, rounds, waitForSettledCatalog } from './lib.js';
// @ts-expect-error: plain JavaScript without declarations (it runs before anything can compile TypeScript)
import { build, builtStamp, sourceStamp } from '../build.mjs';

type Side = 'app' | 'tsx' | 'floor';
type Run = { ms: number; ready?: { total: number; code: number; boot: number; listen: number } };

const startCommand = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
// Leading `NAME=${NAME:-default}` words are the environment the shell gives the command.
const startWords = startCommand.split(' ');
const startEnv: Record<string, string> = {};
for (let m; (m = /^(\w+)=(?:\$\{\w+:-(.*)\}|(.*))$/.exec(startWords[0]!)); startWords.shift()) startEnv[m[1]!] = (m[2] ?? m[3])!;
const [bin, ...startArgs] = startWords;
if (bin !== 'node') throw new Error(`bench:startup expects scripts.start to be "[NAME=value ...] node ...", not ${startCommand}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-bench-startup-'));
const db = path.join(dir, 'kaifang.db');
/** A port nothing listens on now (other benches may be running on the usual ones). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const sides: Record<Side, { args: string[]; port: number; env: Record<string, string> }> = {
  app: { args: startArgs, port: await freePort(), env: startEnv },
  tsx: { args: ['--import', 'tsx', 'web/server.ts'], port: await freePort(), env: {} },
  floor: { args: ['scripts/bench/floors/startup-floor.mjs'], port: await freePort(), env: { DB: db } },
};

/** One GET, resolving to its status, or 0 when nothing listens yet. No keep-alive: every poll is a new connection. */
const probe = (port: number) =>
  new Promise<number>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });

/** Spawns a side, polls /healthz every 2 ms until a 200, stops it with SIGTERM and waits for its exit. */
async function timeStart(side: Side, extraEnv: Record<string, string> = {}): Promise<Run> {
  const s = sides[side];
  const env = { ...process.env, PORT: String(s.port), HOST: '127.0.0.1', KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'info', NODE_OPTIONS: '', ...s.env, ...extraEnv };
  const t0 = performance.now();
  const child = spawn(process.execPath, s.args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`${side} exited before answering /healthz:\n${out}`);
    if ((await probe(s.port)) === 200) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await exited;
  const m = /ready in (\d+) ms from process start: code (\d+) ms, boot (\d+) ms, listen (\d+) ms/.exec(out);
  return { ms, ready: m ? { total: +m[1]!, code: +m[2]!, boot: +m[3]!, listen: +m[4]! } : undefined };
}

try {
  if (builtStamp() !== sourceStamp()) await build(); // so no round pays a rebuild
  console.log('bench:startup: time from spawn to the first 200 of /healthz');
  const first = await timeStartAndSettle();
  console.log(`first start (migrate, seed 179 datasets and a year of demo usage): ${(first / 1000).toFixed(1)} s (goal < 30 s)`);

  const n = Number(process.env.BENCH_ROUNDS ?? 5);
  const runs = await rounds(['app', 'tsx', 'floor'] as const, n, (side) => timeStart(side));
  const ms = (side: Side) => runs[side].map((r) => r.ms);
  const part = (k: 'total' | 'code' | 'boot' | 'listen') => fmt(runs.app.map((r) => r.ready?.[k] ?? NaN));
  console.log(`\nrestart on the seeded database: median (min–max) of ${n} interleaved rounds after a warm-up`);
  console.log(`  npm start (${startCommand}): ${fmt(ms('app'), 0, ' ms')}  (goal < 700 ms)`);
  console.log(`    its log, from process start: ready ${part('total')} = code ${part('code')} + boot ${part('boot')} + listen ${part('listen')} ms`);
  console.log(`  from the sources through tsx (npm start before): ${fmt(ms('tsx'), 0, ' ms')}`);
  console.log(`  floor (node:http + better-sqlite3 on the same file): ${fmt(ms('floor'), 0, ' ms')}`);
  console.log(`  npm start / floor: ${fmt(ratios(ms('app'), ms('floor')), 2, 'x')}; tsx / npm start: ${fmt(ratios(ms('tsx'), ms('app')), 2, 'x')}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The first start, timed to its first 200; then kept running until its artifact builds stop moving the catalog. */
async function timeStartAndSettle(): Promise<number> {
  const s = sides.app;
  const t0 = performance.now();
  const child = spawn(process.execPath, s.args, {
    env: { ...process.env, PORT: String(s.port), HOST: '127.0.0.1', KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent', NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  while ((await probe(s.port)) !== 200) {
    if (child.exitCode !== null) throw new Error('the first start exited before answering /healthz');
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  await waitForSettledCatalog(dir);
  child.kill('SIGTERM');
  await exited;
  return ms;
}
