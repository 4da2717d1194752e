import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { readEnv } from '../../src/env.js';
import { openDataDir, seedIfEmpty } from '../../src/boot.js';
import type { Db } from '../../src/db/client.js';
import { createUser, findUserByEmail } from '../../src/auth/auth.service.js';
import { createKey, setKeyLimits } from '../../src/keys/keys.service.js';

export const benchDataDir = path.resolve('.tmp/bench-data');
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

/** A seeded data directory reused across bench runs (seeded on first use). */
export function ensureSeededDataDir(dir = benchDataDir): string {
  const env = readEnv({ KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
  const { db } = openDataDir(env, silent);
  seedIfEmpty(db, { info: (m) => console.log(m), error: silent.error });
  db.$client.close();
  return dir;
}

/** Starts a Node script as a child process and resolves once `url` answers. */
export async function startServer(args: string[], env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
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

export const startApp = (dataDir: string, port: number, extraEnv: Record<string, string> = {}) =>
  startServer(['--import', 'tsx', 'src/server.ts'], { PORT: String(port), HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', ...extraEnv }, `http://127.0.0.1:${port}/healthz`);

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
  const user = findUserByEmail(db, email) ?? (await createUser(db, { email, password: 'bench-password-not-secret' }, new Date()));
  db.$client.prepare('UPDATE api_keys SET revoked_at = ? WHERE owner_user_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), user.id);
  const key = createKey(db, user, 'bench', new Date());
  setKeyLimits(db, key.id, { ratePerMin: 1_000_000_000, dailyQuota: 1_000_000_000 });
  return key.secret;
}
