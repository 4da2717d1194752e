// npm run bench:download — throughput of a ~50 MB CSV artifact from the app against a floor
// (scripts/bench/floors/download-floor.mjs: plain node, node:http + fs.createReadStream of the same file in the
// same chunk size as the app's file body), both loaded by wrk at 8 connections: warm-up, then BENCH_ROUNDS
// (default 3) interleaved rounds of BENCH_SECONDS (default 5). Then the app's RSS while 8 clients download a
// ~200 MB artifact at once, at full speed and slowly (BENCH_BIG_MB=0 skips it). Loopback only. The app runs
// as a child (createApp + @hono/node-server, without the background artifact builder: these versions have
// only their CSV, and a builder trying to make the rest would be measured as serving cost).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { assertClean, fmt, ratios, rounds, wrk } from './lib.js';
import { prepareDownloadData } from './download-data.js';

const self = fileURLToPath(import.meta.url);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 8;

/** The chunk size the app's file store reads in, read from its source so the floor always matches it. */
function appChunkSize(): number {
  const source = fs.readFileSync(new URL('../../src/lib/blobs/fs-blob-store.ts', import.meta.url), 'utf8');
  const m = /const readChunk = ([\d_ *]+);/.exec(source);
  if (!m) throw new Error('cannot find `const readChunk = ...` in src/lib/blobs/fs-blob-store.ts; update bench:download');
  return m[1]!.split('*').reduce((n, f) => n * Number(f.trim().replace(/_/g, '')), 1);
}

async function serveApp(dataDir: string) {
  const { serve } = await import('@hono/node-server');
  const { openDb, migrateDb } = await import('../../src/db/client.js');
  const { readEnv } = await import('../../src/env.js');
  const { createApp } = await import('../../src/app.js');
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' });
  const db = openDb(`${dataDir}/kaifang.db`);
  migrateDb(db); // data prepared by an earlier checkout lacks later migrations
  const { app } = await createApp({ db, env, filesDir: `${dataDir}/files`, secret: 'bench-secret-bench-secret' });
  serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`PORT ${info.port}`));
}

/** Starts a Node child that prints `PORT n` once it listens. */
function startChild(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /PORT (\d+)/.exec((out += chunk.toString()));
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

/** One GET read to the end (or until `stopAt`), no faster than `mbPerS`: a slow client when finite. */
function download(port: number, urlPath: string, stopAt: number, mbPerS: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${urlPath}: HTTP ${res.statusCode}`));
      const started = performance.now();
      res.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (performance.now() >= stopAt) return void req.destroy();
        const due = started + (got / 1e6 / mbPerS) * 1000 - performance.now();
        if (due > 5) {
          res.pause();
          setTimeout(() => res.resume(), due);
        }
      });
      res.on('close', () => resolve(got));
    });
    req.on('error', () => resolve(got));
  });
}

/** Peak RSS growth of the app while `connections` clients each download the big file once. */
async function memory(pid: number, port: number, urlPath: string, mbPerS: number, maxSeconds: number) {
  await new Promise((r) => setTimeout(r, 500));
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
  const start = performance.now();
  const stopAt = start + maxSeconds * 1000;
  const bytes = await Promise.all(Array.from({ length: connections }, () => download(port, urlPath, stopAt, mbPerS)));
  clearInterval(sampler);
  return { before, peak: Math.max(peak, rssBytes(pid)), mb: bytes.reduce((a, b) => a + b, 0) / 1e6, secs: (performance.now() - start) / 1000 };
}

async function main() {
  const chunk = appChunkSize();
  const data = await prepareDownloadData(Number(process.env.BENCH_MB ?? 50), Number(process.env.BENCH_BIG_MB ?? 200));
  const app = await startChild(['--import', 'tsx', self, 'serve-app', data.dataDir]);
  const floor = await startChild([fileURLToPath(new URL('floors/download-floor.mjs', import.meta.url))], { FILE: data.small.file, CHUNK: String(chunk) });
  try {
    const url = { app: `http://127.0.0.1:${app.port}${data.small.url}`, floor: `http://127.0.0.1:${floor.port}/` };
    for (const side of ['app', 'floor'] as const) {
      const res = await fetch(url[side]);
      const length = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200 || length !== data.small.bytes) throw new Error(`${side}: HTTP ${res.status}, ${length} of ${data.small.bytes} bytes`);
    }
    const result = await rounds(['app', 'floor'] as const, roundCount, async (side, round) => {
      const r = await wrk(url[side], { connections, duration: round < 0 ? 2 : seconds });
      assertClean(side, r);
      return r;
    });
    console.log(`\nbench:download — a ${(data.small.bytes / 1e6).toFixed(1)} MB CSV, wrk at ${connections} connections, ${seconds} s per side per round,`);
    console.log(`${roundCount} interleaved rounds after a warm-up; both sides read the file in ${chunk / 1024} KiB chunks; median (min–max)`);
    for (const side of ['app', 'floor'] as const) {
      const runs = result[side];
      console.log(`${side.padEnd(6)} ${fmt(runs.map((r) => r.mbPerS), 0, ' MB/s').padEnd(28)} ${fmt(runs.map((r) => r.rps), 1, ' files/s')}`);
    }
    const ratio = ratios(result.app.map((r) => r.mbPerS), result.floor.map((r) => r.mbPerS));
    console.log(`app/floor throughput, per round: ${fmt(ratio, 2, 'x')} (goal >= 0.9x)`);
  } finally {
    floor.child.kill('SIGTERM');
  }
  try {
    if (!data.big) return;
    // A Node client is fine here: it measures the server's memory, not its speed.
    const fresh = rssBytes(app.child.pid!);
    console.log(`\napp RSS after the throughput runs: ${mib(fresh)} MB`);
    for (const [label, mbPerS, maxSeconds] of [['full-speed clients', Infinity, 60], ['slow clients (20 MB/s each, 4 s)', 20, 4]] as const) {
      const m = await memory(app.child.pid!, app.port, data.big.url, mbPerS, maxSeconds);
      console.log(`${connections} concurrent downloads of the ${(data.big.bytes / 1e6).toFixed(0)} MB artifact, ${label}: ${m.mb.toFixed(0)} MB in ${m.secs.toFixed(1)} s;`);
      console.log(`  app RSS ${mib(m.before)} MB -> peak ${mib(m.peak)} MB: growth ${((m.peak - m.before) / 2 ** 20).toFixed(1)} MB (goal < 64 MB)`);
    }
  } finally {
    app.child.kill('SIGTERM');
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'serve-app') await serveApp(arg!);
else await main();
