import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { closeConnection, openConnection } from '../../src/db/connection.js';
import type { PgCluster } from './pg-cluster.js';
import type { S3TestServer } from './s3-server.js';

// A portal node as its own server process (web/server.ts), for the tests of several nodes on one PostgreSQL
// database and one bucket.

export type NodeProcess = { child: ChildProcess; url: string; exited: Promise<number | null>; output: () => string };

/** A node's environment: the shared database, bucket and secret, its own data directory under `scratch`. */
export const nodeEnv = (o: { scratch: string; name: string; secret: string; cluster: PgCluster; s3: S3TestServer }, extra: Record<string, string> = {}) => ({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  KAIFANG_DATA_DIR: path.join(o.scratch, o.name),
  KAIFANG_LOG: 'info',
  KAIFANG_SECRET: o.secret,
  KAIFANG_SEED_DEMO: '0',
  KAIFANG_DATABASE_URL: o.cluster.url,
  KAIFANG_FILES_URL: `s3://${o.s3.bucket}/city/`,
  KAIFANG_S3_ENDPOINT: o.s3.endpoint,
  AWS_ACCESS_KEY_ID: o.s3.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: o.s3.credentials.secretAccessKey,
  ...extra,
});

/** Starts a node and resolves once it logs the address it listens on; rejects with its output if it exits first. */
export function startNodeProcess(name: string, env: NodeJS.ProcessEnv): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => void (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => void (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ child, url: m[1]!, exited, output: () => out });
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`node ${name} exited before listening:\n${out}`));
    });
  });
}

/** Runs `work` on a connection of its own to the cluster, closed afterwards. */
export async function withClusterDb<T>(scratch: string, url: string, work: (db: Awaited<ReturnType<typeof openConnection>>) => Promise<T>): Promise<T> {
  const db = await openConnection({ dataDir: scratch, databaseUrl: url });
  try {
    return await work(db);
  } finally {
    await closeConnection(db);
  }
}
