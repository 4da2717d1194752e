import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv } from '../src/env.js';
import { openDb, migrateDb, type SqliteDb } from '../src/db/client.js';
import { closeConnection, openConnection } from '../src/db/connection.js';
import { seedCatalog } from '../src/seed.js';
import { createPortal } from '../web/portal.js';
import type { Logger } from '../src/lib/context.js';
import { loadCatalog } from '../datasets/index.js';
import { cloneTestDatabase, databaseUrlOfDataDir, testEngine } from './support/pg-test-database.js';

/** A small but real slice of the catalog: one or two datasets per kind we test (multi-version, conditional, big). */
export const defaultTestDatasets = 12;

export type TestAppOptions = { datasets?: string[] | 'all'; env?: Record<string, string>; log?: Logger };

/**
 * A fresh portal (API and pages) on its own temp data directory, seeded with real manifests and generated rows.
 * On the PostgreSQL pass (KAIFANG_TEST_ENGINE=postgres, vitest.config.ts) the database is a fresh PostgreSQL
 * database of the pass's cluster, cloned from one seeded once per dataset set; `db` is then a PostgreSQL
 * connection typed as SQLite's: a test that reads the SQLite file directly (`db.$client.prepare`) belongs to the
 * SQLite pass only (the list in vitest.config.ts), or reads through tests/support/db-query.ts.
 */
export async function createTestApp(options: TestAppOptions = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-test-'));
  const catalog = loadCatalog();
  const wanted = options.datasets ?? pickTestDatasets(catalog.datasets);
  if (wanted !== 'all') {
    const ids = new Set(wanted);
    catalog.datasets = catalog.datasets.filter((d) => ids.has(d.id));
  }
  const pg = testEngine === 'postgres' ? await cloneTestDatabase(`catalog:${catalog.datasets.map((d) => d.id).join(',')}`, async (db) => void (await seedCatalog(db, () => {}, catalog))) : null;
  // Two factors only where admins always need them (KAIFANG_REQUIRE_2FA=off): tests sign in publishers and reviewers
  // by password; tests/two-factor.test.ts sets `privileged`, the production default.
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_REQUIRE_2FA: 'off', ...(pg ? { KAIFANG_DATABASE_URL: pg.url } : {}), ...options.env });
  const filesDir = path.join(dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  let db: SqliteDb;
  if (pg) {
    db = (await openConnection({ dataDir, databaseUrl: pg.url })) as SqliteDb;
    databaseUrlOfDataDir.set(dataDir, pg.url);
  } else {
    db = openDb(path.join(dataDir, 'kaifang.db'));
    migrateDb(db);
    await seedCatalog(db, () => {}, catalog);
  }
  const { app, deps, close: closeApp } = await createPortal({ db, env, filesDir, secret: 'test-secret-test-secret', ...(options.log ? { log: options.log } : {}) });
  return {
    app,
    deps,
    db,
    dataDir,
    catalog,
    engine: testEngine,
    /**
     * Ends the app's idle workers (without waiting for their exit), closes the database and removes the data
     * directory. On PostgreSQL, waits for the app, then drops its database.
     */
    async close(): Promise<void> {
      if (pg) {
        // The usage recorder's timer would flush into the closed pool (CONNECTION_ENDED in the log): stop it first.
        await deps.usage.stop();
        await closeApp();
        await closeConnection(db);
        await pg.drop();
        databaseUrlOfDataDir.delete(dataDir);
      } else {
        await deps.workers.background.settled(); // a publish's follow-up (quality profile, .gz copies) needs the database
        void closeApp();
        db.$client.close();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deterministic slice: multi-version datasets, a conditional one, and small ones from several departments. */
export function pickTestDatasets(all: ReturnType<typeof loadCatalog>['datasets']): string[] {
  const multi = all.filter((d) => d.versions.length > 1 && d.rows < 3000).slice(0, 2);
  const conditional = all.filter((d) => d.open_type === 'conditional' && d.rows < 3000).slice(0, 1);
  const bus = all.filter((d) => /公交|学校|医院/.test(d.title_zh) && d.rows < 5000).slice(0, 4);
  const small = all.filter((d) => d.rows < 1000).filter((_, i) => i % 12 === 0).slice(0, 5);
  return [...new Set([...multi, ...conditional, ...bus, ...small].map((d) => d.id))];
}
