import { createHash, randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { PgDb } from '../../src/db/engine.js';
import { closePgDb, openPgDb } from '../../src/db/pg-client.js';

// A fresh PostgreSQL database per test app on the `postgres` pass: a clone (CREATE DATABASE … TEMPLATE) of a
// database seeded once per set of datasets, itself a clone of the database migrated once by pg-pass.setup.ts.
// Cloning takes a fraction of a second where seeding takes seconds. Test files run in parallel processes, so the
// seeding of a template and the cloning are serialised by an advisory lock on the cluster's `postgres` database.

export const migratedTemplate = 'kaifang_migrated';

/** The engine of this test pass: `postgres` when vitest runs the `postgres` project (vitest.config.ts). */
export const testEngine: 'sqlite' | 'postgres' = process.env.KAIFANG_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export function databaseUrl(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const lockKey = 14_014;

/**
 * A new database for one app. `seed` fills the template of `seedKey` (once per cluster and key); the database
 * returned is a copy of it. `drop` removes it (connections first).
 */
export async function cloneTestDatabase(seedKey: string, seed: (db: PgDb) => Promise<void>): Promise<{ url: string; drop: () => Promise<void> }> {
  const clusterUrl = inject('kaifangPgUrl');
  if (!clusterUrl) throw new Error('KAIFANG_TEST_ENGINE=postgres without the postgres pass\'s cluster: run it through vitest.config.ts (project `postgres`)');
  const template = `kaifang_seed_${createHash('sha256').update(seedKey).digest('hex').slice(0, 16)}`;
  const name = `kaifang_app_${randomBytes(6).toString('hex')}`;
  const admin = openPgDb(clusterUrl, { max: 1 });
  // CREATE DATABASE cannot run in a transaction: a session lock on one reserved connection, released at the end.
  const conn = await admin.$client.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${lockKey})`;
    const [exists] = await conn`SELECT 1 FROM pg_database WHERE datname = ${template}`;
    if (!exists) {
      await conn.unsafe(`DROP DATABASE IF EXISTS ${template}_tmp WITH (FORCE)`);
      await conn.unsafe(`CREATE DATABASE ${template}_tmp TEMPLATE ${migratedTemplate}`);
      const db = openPgDb(databaseUrl(clusterUrl, `${template}_tmp`), { max: 2 });
      try {
        await seed(db);
      } finally {
        await closePgDb(db);
      }
      // Renamed only once seeded, so a seeding that failed half-way is never cloned.
      await conn.unsafe(`ALTER DATABASE ${template}_tmp RENAME TO ${template}`);
    }
    await conn.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    conn.release();
    await closePgDb(admin); // ends the session, and with it the lock
  }
  return {
    url: databaseUrl(clusterUrl, name),
    async drop() {
      const dropper = openPgDb(clusterUrl, { max: 1 });
      try {
        await dropper.$client.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await closePgDb(dropper);
      }
    },
  };
}

/** The substring-position function of this pass's engine (`instr(text, part)` on SQLite, `strpos` on PostgreSQL). */
export const instr = testEngine === 'postgres' ? 'strpos' : 'instr';

/** The PostgreSQL database of each test app's data directory, for the CLI run on it (tests/cli.helpers.ts). */
export const databaseUrlOfDataDir = new Map<string, string>();

/** An ORDER BY list sorting NULLs as SQLite does (first ascending, last descending) on this pass's engine. */
export const nullsAsSqlite = (order: string): string =>
  testEngine === 'postgres'
    ? order
        .split(',')
        .map((term) => (/\sDESC\s*$/i.test(term) ? `${term.trimEnd()} NULLS LAST` : `${term.trimEnd()} NULLS FIRST`))
        .join(',')
    : order;
