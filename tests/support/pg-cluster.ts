import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// A throwaway PostgreSQL cluster for tests: initdb into a fresh temp dir, a free port on 127.0.0.1, trust auth,
// no fsync (the data dies with the test). Debian's PostgreSQL 15 (`apt-get install postgresql`; .ci/run does it).

const run = promisify(execFile);

export const pgBinDir = '/usr/lib/postgresql/15/bin';

export type PgCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Stops the server (immediately: nothing in it is kept) and removes its directory. */
  stop(): Promise<void>;
};

/** True when the PostgreSQL tests were skipped on purpose (KAIFANG_SKIP_PG=1); never because something is missing. */
export const pgSkipped = process.env.KAIFANG_SKIP_PG === '1';

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function pgMissing(): string | null {
  if (fs.existsSync(path.join(pgBinDir, 'initdb')) && fs.existsSync(path.join(pgBinDir, 'pg_ctl'))) return null;
  return (
    `PostgreSQL 15 is not installed (${pgBinDir}/initdb is missing): install Debian's postgresql ` +
    '(`apt-get install postgresql`; .ci/run does it), or set KAIFANG_SKIP_PG=1 to skip the PostgreSQL tests on purpose.'
  );
}

// initdb refuses to run as root: as root, run the server binaries as the `postgres` OS user (Debian's package creates it).
const asRoot = process.getuid?.() === 0;
const command = (bin: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(pgBinDir, bin), ...args]] : [path.join(pgBinDir, bin), args];

async function pg(bin: string, args: string[]): Promise<void> {
  const [file, argv] = command(bin, args);
  try {
    await run(file, argv, { timeout: 60_000 });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${(err as Error).message}\n${stdout}${stderr}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fresh cluster; fails with a message naming the package when PostgreSQL is not installed. */
export async function startPgCluster(options: { maxConnections?: number } = {}): Promise<PgCluster> {
  const missing = pgMissing();
  if (missing) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('no `postgres` OS user to run PostgreSQL as (Debian\'s postgresql package creates it)');
    fs.chownSync(dir, uid, gid);
  }
  let started = false;
  const stopNow = () => {
    if (started) spawnSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']));
    started = false;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // A test process that ends without calling stop() must not leave a postmaster behind.
  process.once('exit', stopNow);
  try {
    // C collation: text sorts by bytes, as SQLite's BINARY does, so ORDER BY agrees on both engines.
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    // The free port may be taken between asking and listening: try a few.
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      fs.appendFileSync(
        path.join(data, 'postgresql.conf'),
        [
          '',
          `port = ${port}`,
          "listen_addresses = '127.0.0.1'",
          `unix_socket_directories = '${dir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          ...(options.maxConnections ? [`max_connections = ${options.maxConnections}`] : []),
          '',
        ].join('\n'),
      );
      try {
        await pg('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
        started = true;
      } catch (err) {
        if (attempt >= 3) throw new Error(`${(err as Error).message}\n${readLog(dir)}`);
      }
    }
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      async stop() {
        process.removeListener('exit', stopNow);
        if (started) await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        started = false;
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw err;
  }
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'server.log'), 'utf8');
  } catch {
    return '';
  }
}
