// npm run bench:startup — first start on an empty data directory (migrate + seed the catalog and demo
// usage) and restarts on the seeded one, each timed from spawn to the first 200 of /healthz; beside a
// bare node:http + better-sqlite3 process opening the same database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, startServer } from './lib.js';

async function timeToReady(start: () => Promise<{ kill: (s?: NodeJS.Signals) => boolean }>): Promise<number> {
  const t0 = performance.now();
  const child = await start();
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  return ms;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-bench-startup-'));
try {
  const first = await timeToReady(() => startApp(dir, 3121, { KAIFANG_LOG: 'silent' }));
  const restarts: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < 3; i++) {
    restarts.push(await timeToReady(() => startApp(dir, 3121, { KAIFANG_LOG: 'silent' })));
    floors.push(await timeToReady(() => startServer([path.resolve('scripts/bench/floors/startup-floor.mjs')], { PORT: '3122', DB: path.join(dir, 'kaifang.db') }, 'http://127.0.0.1:3122/healthz')));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log('bench:startup — time from spawn to the first 200 of /healthz');
  console.log(`first start (migrate + seed 179 datasets + demo usage): ${(first / 1000).toFixed(1)} s (goal < 30 s)`);
  console.log(`restart on the seeded database: median ${median(restarts).toFixed(0)} ms of ${restarts.map((x) => x.toFixed(0)).join(', ')} (goal < 1500 ms)`);
  console.log(`floor (node:http + better-sqlite3 on the same file): median ${median(floors).toFixed(0)} ms; app/floor = ${(median(restarts) / median(floors)).toFixed(1)}x`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
