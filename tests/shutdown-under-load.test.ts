// A real server process stopped with SIGTERM while clients keep sending requests, on either engine: every request
// gets a whole answer or a refused/reset connection, nothing reaches the database after it closed (on PostgreSQL: no
// CONNECTION_ENDED in the log), and every answered request is counted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeConnection, openConnection } from '../src/db/connection.js';
import { rowsOf } from '../src/db/engine.js';
import { seedCatalog } from '../src/seed.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey, setKeyLimits } from '../src/keys/keys.service.js';
import { browserUa } from './usage.helpers.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

type Db = Awaited<ReturnType<typeof openConnection>>;

const engines = [{ name: 'SQLite', pg: false, skip: false }, { name: 'PostgreSQL', pg: true, skip: pgSkipped }];

describe.each(engines)('SIGTERM under load on $name', ({ pg, skip }) => {
  let cluster: PgCluster | undefined;
  let scratch: string;
  let keySecret = '';
  let dataset = { id: '', n: 0 };

  async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const db = await openConnection({ dataDir: path.join(scratch, 'node'), databaseUrl: cluster?.url });
    try {
      return await work(db);
    } finally {
      await closeConnection(db);
    }
  }

  beforeAll(async () => {
    if (skip) return;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-sigterm-load-'));
    fs.mkdirSync(path.join(scratch, 'node'));
    if (pg) cluster = await startPgCluster();
    await withDb(async (db) => {
      const catalog = loadCatalog();
      catalog.datasets = catalog.datasets.filter((d) => d.rows < 500 && d.open_type === 'open').slice(0, 2);
      await seedCatalog(db, () => {}, catalog);
      const user = await createUser(db, { email: 'dev@example.com', password: 'correct horse battery' }, new Date());
      const key = await createKey(db, user, 'sigterm', new Date());
      await setKeyLimits(db, key.id, { ratePerMin: 1_000_000, dailyQuota: 1_000_000 });
      keySecret = key.secret;
      dataset = (await rowsOf<{ id: string; n: number }>(db, sql`SELECT id, latest_version AS n FROM datasets ORDER BY pk LIMIT 1`))[0]!;
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it.skipIf(skip)('answers or refuses every request, never reaches a closed database, and counts every answered request', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KAIFANG_DATA_DIR: path.join(scratch, 'node'), KAIFANG_LOG: 'info', KAIFANG_USAGE: 'on', KAIFANG_SEED_DEMO: '0', KAIFANG_SECRET: 'sigterm-secret-sigterm-secret', KAIFANG_DATABASE_URL: cluster?.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => void (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (m) (clearInterval(timer), resolve(m[1]!));
      }, 50);
      void exited.then(() => (clearInterval(timer), reject(new Error(`server exited before listening:\n${out}`))));
    });
    // Built before the load, so the downloads measure serving, not building.
    const warm = await fetch(`${base}/api/v1/datasets/${dataset.id}/versions/${dataset.n}/data.csv`, { headers: { 'user-agent': `${browserUa} warm-up` } });
    expect(warm.status).toBe(200);
    const file = Buffer.from(await warm.arrayBuffer());

    const answered = { api: 0, download: 0 };
    const refusals: string[] = [];
    const wrong: string[] = [];
    const stopAt = Date.now() + 30_000;
    // Each client sends requests one after another on its keep-alive connection until one is refused or reset.
    async function client(c: number, kind: 'api' | 'download') {
      for (let i = 0; Date.now() < stopAt; i++) {
        const url = kind === 'api' ? `${base}/api/v1/datasets/${dataset.id}/records?limit=20` : `${base}/api/v1/datasets/${dataset.id}/versions/${dataset.n}/data.csv`;
        const headers: Record<string, string> = { 'user-agent': `${browserUa} client/${c}-${i}` };
        if (kind === 'api') headers.authorization = `Bearer ${keySecret}`;
        let res: Response;
        try {
          res = await fetch(url, { headers });
        } catch (err) {
          refusals.push(String((err as { cause?: { code?: string } }).cause?.code ?? err));
          return;
        }
        try {
          const body = Buffer.from(await res.arrayBuffer());
          // Whole: the file's every byte, a records page that parses with its rows.
          const whole = kind === 'download' ? body.equals(file) : res.status === 200 && (JSON.parse(body.toString()) as { data: unknown[] }).data.length > 0;
          if (res.status !== 200 || !whole) wrong.push(`${res.status} ${body.toString().slice(0, 160)}`);
          else answered[kind]++;
        } catch (err) {
          wrong.push(`body cut off: ${String(err)}`); // headers came, the body did not: not a complete answer
        }
      }
    }
    const clients = Array.from({ length: 8 }, (_, c) => client(c, c % 2 ? 'api' : 'download'));
    await new Promise((r) => setTimeout(r, 1500));
    const before = answered.api + answered.download;
    expect(before).toBeGreaterThan(20);
    child.kill('SIGTERM');
    await Promise.all(clients);
    expect(await exited).toBe(0);

    expect(wrong).toEqual([]);
    expect(refusals.length).toBe(8);
    for (const code of refusals) expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']).toContain(code);
    expect(out).not.toContain('CONNECTION_ENDED');
    expect(out).not.toMatch(/failed|cut off/);
    const counted = await withDb(async (db) => rowsOf<{ kind: string; n: number }>(db, sql`SELECT kind, COUNT(*) AS n FROM usage_events WHERE kind IN ('api', 'download') AND is_demo = 0 GROUP BY kind ORDER BY kind`));
    expect(counted).toEqual([{ kind: 'api', n: answered.api }, { kind: 'download', n: answered.download + 1 }]);
  }, 120_000);
});
