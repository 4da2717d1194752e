import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv } from '../src/env.js';
import { openDb, migrateDb } from '../src/db/client.js';
import { seedCatalog } from '../src/seed.js';
import { createPortal } from '../web/portal.js';
import type { Logger } from '../src/lib/context.js';
import { loadCatalog } from '../datasets/index.js';

/** A small but real slice of the catalog: one or two datasets per kind we test (multi-version, conditional, big). */
export const defaultTestDatasets = 12;

export type TestAppOptions = { datasets?: string[] | 'all'; env?: Record<string, string>; log?: Logger };

/** A fresh portal (API and pages) on its own temp data directory, seeded with real manifests and generated rows. */
export async function createTestApp(options: TestAppOptions = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-test-'));
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', ...options.env });
  const filesDir = path.join(dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const db = openDb(path.join(dataDir, 'kaifang.db'));
  migrateDb(db);
  const catalog = loadCatalog();
  const wanted = options.datasets ?? pickTestDatasets(catalog.datasets);
  if (wanted !== 'all') {
    const ids = new Set(wanted);
    catalog.datasets = catalog.datasets.filter((d) => ids.has(d.id));
  }
  await seedCatalog(db, () => {}, catalog);
  const { app, deps, close: closeApp } = await createPortal({ db, env, filesDir, secret: 'test-secret-test-secret', ...(options.log ? { log: options.log } : {}) });
  return {
    app,
    deps,
    db,
    dataDir,
    catalog,
    /** Ends the app's idle workers (without waiting for their exit), closes the database and removes the data directory. */
    close() {
      void closeApp();
      db.$client.close();
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
