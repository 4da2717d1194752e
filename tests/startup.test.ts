// `npm start` runs the compiled build (scripts/start.mjs -> dist/server.js, see scripts/build.mjs), rebuilding first
// when a source changed; its "ready in" is timed from the process's start; pages, assets, the API reference and the
// TypeScript worker threads all work compiled. Real processes on a small seeded data directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, migrateDb } from '../src/db/client.js';
import { seedCatalog } from '../src/seed.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey } from '../src/keys/keys.service.js';
import { whenIndexed } from './search-index.helpers.js';
// @ts-expect-error: plain JavaScript without declarations (it runs before anything can compile TypeScript)
import { builtStamp, distDir, sourceStamp } from '../scripts/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const startCommand = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
let dataDir: string;
let headers: Record<string, string>;
let dataset: { id: string; n: number; word: string };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-startup-'));
  const db = openDb(path.join(dataDir, 'kaifang.db'));
  migrateDb(db);
  const catalog = loadCatalog();
  catalog.datasets = catalog.datasets.filter((d) => d.open_type === 'open' && d.rows < 2000 && /公交|学校|医院/.test(d.title_zh)).slice(0, 2);
  await seedCatalog(db, () => {}, catalog);
  const user = await createUser(db, { email: 'dev@example.com', password: 'correct horse battery' }, new Date());
  headers = { authorization: `Bearer ${(await createKey(db, user, 'startup', new Date())).secret}` };
  const d = db.$client.prepare('SELECT id, title_zh, latest_version AS n FROM datasets ORDER BY pk LIMIT 1').get() as { id: string; title_zh: string; n: number };
  dataset = { id: d.id, n: d.n, word: /公交|学校|医院/.exec(d.title_zh)![0] };
  db.$client.close();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Spawns package.json's `start` command (its `node` is this Node) and waits for the "listening on" line. */
function npmStart() {
  // Leading `NAME=${NAME:-default}` words are the environment the shell gives the command.
  const words = startCommand.split(' ');
  const startEnv: Record<string, string> = {};
  while (/^\w+=/.test(words[0]!)) {
    const [, name, value] = /^(\w+)=(?:\$\{\w+:-(.*)\}|(.*))$/.exec(words.shift()!)!.filter((x) => x !== undefined);
    startEnv[name!] = value!;
  }
  const [bin, ...args] = words;
  expect(bin).toBe('node');
  const spawned = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...startEnv, PORT: '0', HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'info', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const listening = new Promise<{ base: string; line: string; wallMs: number; out: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+) .*/.exec(out);
      if (m) resolve({ base: m[1]!, line: m[0], wallMs: performance.now() - spawned, out });
    });
    child.on('exit', () => reject(new Error(`server exited before listening:\n${out}`)));
  });
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.on('exit', () => resolve()), child.kill('SIGTERM'))));
  return { listening, stop };
}

describe('npm start', () => {
  it('runs the compiled build, rebuilt first when a source changed, and times "ready in" from the process start', async () => {
    // An edit (here only its modification time) makes the next start compile before it serves.
    const now = new Date();
    fs.utimesSync(path.join(root, 'src/lib/worker-url.ts'), now, now);
    expect(builtStamp()).not.toBe(sourceStamp());
    const rebuilt = npmStart();
    try {
      const { out, base } = await rebuilt.listening;
      expect(out).toMatch(/sources changed: compiled into dist\/ in \d+ ms/);
      expect(builtStamp()).toBe(sourceStamp());
      expect(fs.existsSync(path.join(distDir, 'server.js'))).toBe(true);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await rebuilt.stop();
    }

    // Unchanged sources: no compiling, and the log's figure covers loading the code, not only what came after.
    const server = npmStart();
    try {
      const { out, line, wallMs, base } = await server.listening;
      expect(out).not.toMatch(/compiled/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const m = /ready in (\d+) ms from process start: code (\d+) ms, boot (\d+) ms, listen (\d+) ms/.exec(line);
      expect(m, line).not.toBeNull();
      const [ready, code, boot, listen] = m!.slice(1).map(Number) as [number, number, number, number];
      expect(Math.abs(code + boot + listen - ready)).toBeLessThanOrEqual(2);
      // The parent's own clock, from spawn to reading the line, bounds it from above; most of it is the child's.
      expect(ready).toBeLessThanOrEqual(wallMs);
      expect(ready).toBeGreaterThan(wallMs / 2);
      expect(code).toBeGreaterThan(boot);
    } finally {
      await server.stop();
    }
  });

  it('serves pages, static assets, charts and the API reference, and runs searches and worker threads, compiled', async () => {
    const server = npmStart();
    try {
      const { base } = await server.listening;
      const home = await fetch(`${base}/`);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toMatch(/^<!DOCTYPE html>/i);
      const css = /href="(\/static\/portal\.css\?v=[0-9a-f]+)"/.exec(html)?.[1];
      expect(css).toBeDefined();
      expect((await fetch(base + css)).headers.get('content-type')).toContain('text/css');
      expect((await fetch(`${base}/assets/stats/echarts.min.js`)).status).toBe(200);
      expect((await fetch(`${base}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
      expect(((await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string }).openapi).toMatch(/^3\./);

      // Catalog search segments on the serving thread; the dictionary was loaded before listening, so the first
      // search does not hold everyone for its ~200 ms load.
      const started = performance.now();
      const found = (await (await fetch(`${base}/api/v1/datasets?q=${encodeURIComponent(dataset.word)}`)).json()) as { data: { id: string }[] };
      expect(performance.now() - started, 'first catalog search (ms)').toBeLessThan(100); // ~7 ms; ~170 with the load
      expect(found.data.map((d) => d.id)).toContain(dataset.id);
      // A records search builds the version's index in the search-index worker thread, from its compiled bundle:
      // look for two characters of the first row's first Chinese text.
      const records = `${base}/api/v1/datasets/${dataset.id}/versions/${dataset.n}/records`;
      const first = ((await (await fetch(`${records}?limit=1`, { headers })).json()) as { data: Record<string, unknown>[] }).data[0]!;
      const han = Object.values(first).map((v) => /\p{Script=Han}{2}/u.exec(String(v))?.[0]).find(Boolean)!;
      const res = await whenIndexed(() => fetch(`${records}?q=${encodeURIComponent(han)}`, { headers }), 30_000);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });
});
