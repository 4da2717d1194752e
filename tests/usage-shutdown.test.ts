// A real server process: N counted requests, then SIGTERM; the buffered events must all be in the database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDb, migrateDb } from '../src/db/client.js';
import { seedCatalog } from '../src/seed.js';
import { loadCatalog } from '../datasets/index.js';
import { pickTestDatasets } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey } from '../src/keys/keys.service.js';
import { browserUa } from './usage.helpers.js';

let dataDir: string;
let keySecret: string;
let dataset: { id: string; n: number };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-sigterm-'));
  const db = openDb(path.join(dataDir, 'kaifang.db'));
  migrateDb(db);
  const catalog = loadCatalog();
  const ids = new Set(pickTestDatasets(catalog.datasets).slice(0, 3));
  catalog.datasets = catalog.datasets.filter((d) => ids.has(d.id));
  await seedCatalog(db, () => {}, catalog);
  const user = await createUser(db, { email: 'dev@example.com', password: 'correct horse battery' }, new Date());
  keySecret = (await createKey(db, user, 'sigterm', new Date())).secret;
  dataset = db.$client.prepare("SELECT id, latest_version AS n FROM datasets WHERE open_type = 'open' ORDER BY pk LIMIT 1").get() as { id: string; n: number };
  db.$client.close();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'info', KAIFANG_USAGE: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited before listening:\n${out}`)));
  });
  return { child, exited, listening };
}

it('counts exactly the N requests made before SIGTERM (the buffer is flushed on shutdown)', async () => {
  const { child, exited, listening } = startServer();
  const base = await listening;
  const downloads = 12;
  const calls = 9;
  for (let i = 0; i < downloads; i++) {
    const res = await fetch(`${base}/api/v1/datasets/${dataset.id}/versions/${dataset.n}/data.csv`, { headers: { 'user-agent': `${browserUa} client/${i}` } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
  for (let i = 0; i < calls; i++) {
    const res = await fetch(`${base}/api/v1/datasets/${dataset.id}/records?limit=3`, { headers: { authorization: `Bearer ${keySecret}`, 'user-agent': browserUa } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
  child.kill('SIGTERM');
  expect(await exited).toBe(0);

  const db = new Database(path.join(dataDir, 'kaifang.db'), { readonly: true });
  try {
    expect(db.prepare("SELECT kind, COUNT(*) AS n FROM usage_events GROUP BY kind ORDER BY kind").all()).toEqual([
      { kind: 'api', n: calls },
      { kind: 'download', n: downloads },
    ]);
    expect(db.prepare('SELECT SUM(count) FROM usage_daily').pluck().get()).toBe(downloads + calls);
  } finally {
    db.close();
  }
}, 60_000);
