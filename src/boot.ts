import fs from 'node:fs';
import path from 'node:path';
import type { Env } from './env.js';
import { openDb, migrateDb, type Db } from './db/client.js';
import { isSeeded, seedCatalog } from './catalog/seed.js';
import { dropOrphanTables } from './versions/versions.service.js';
import { loadSecret } from './lib/secret.js';
import { createApp } from './app.js';
import type { Logger } from './lib/context.js';

/** Opens (and on first start, creates and seeds) the data directory; shared by the server, the CLI and the tests. */
export function openDataDir(env: Env, log: Logger): { db: Db; filesDir: string; secret: string } {
  fs.mkdirSync(env.dataDir, { recursive: true });
  const filesDir = path.join(env.dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const db = openDb(path.join(env.dataDir, 'kaifang.db'));
  migrateDb(db);
  const orphans = dropOrphanTables(db);
  if (orphans.length) log.info(`removed ${orphans.length} unfinished version table(s): ${orphans.join(', ')}`);
  return { db, filesDir, secret: loadSecret(env.dataDir, env.KAIFANG_SECRET) };
}

export function seedIfEmpty(db: Db, log: Logger): void {
  if (isSeeded(db)) return;
  const started = Date.now();
  log.info('empty database: seeding the catalog');
  let lastLog = 0;
  const result = seedCatalog(db, (done, total, label) => {
    if (Date.now() - lastLog > 1000 || done === total) {
      lastLog = Date.now();
      log.info(`  seeded ${done}/${total} datasets (${label})`);
    }
  });
  log.info(`seeded ${result.datasets} datasets, ${result.rows} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function bootApp(env: Env, log: Logger) {
  const { db, filesDir, secret } = openDataDir(env, log);
  seedIfEmpty(db, log);
  const { app, deps } = createApp({ db, env, filesDir, secret, log });
  return { app, deps, db };
}
