import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from './env.js';
import type { Db } from './db/client.js';
import { openConnection } from './db/connection.js';
import { isSeeded, seedCatalog } from './seed.js';
import { dropOrphanTables, markUnavailableVersions } from './versions/index.js';
import { loadSecret } from './lib/secret.js';
import { createApp, type PageRoutes } from './app.js';
import { seedDemoUsage } from './usage/index.js';
import { seedDemoDemand } from './demand/index.js';
import { seedDemoApps } from './apps/index.js';
import { blobStoreFromConfig, type FilesConfig } from './lib/blobs/blob-store-config.js';
import type { Logger } from './lib/context.js';
import { isProcessAlive } from './lib/process-alive.js';
import { loadSegmenter } from './lib/segment.js';

/** Temp artifacts are named `.tmp-<pid>-…`: those of a process that is gone are leftovers of a crash; uploads likewise. */
function removeDeadWritersFiles(filesDir: string, uploadsDir: string): number {
  let removed = 0;
  for (const dir of [filesDir, uploadsDir].filter((d) => fs.existsSync(d))) {
    for (const name of fs.readdirSync(dir)) {
      const pid = /^(?:\.tmp|upload)-(\d+)-/.exec(name)?.[1];
      if (pid && Number(pid) !== process.pid && !isProcessAlive(Number(pid))) {
        fs.rmSync(path.join(dir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

/**
 * Opens the data directory (creating and migrating it when new); shared by the server, the CLI and the tests.
 * `recover` drops what an interrupted publish left behind (never a table named by a live publish lock, of this
 * or another process) and marks versions whose rows table is missing as unavailable: the server's start and `seed`.
 */
export async function openDataDir(env: Env, log: Logger, options: { recover?: boolean } = {}): Promise<{ db: Db; filesDir: string; secret: string }> {
  fs.mkdirSync(env.dataDir, { recursive: true });
  const filesDir = path.join(env.dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const db = await openConnection({ dataDir: env.dataDir, databaseUrl: env.KAIFANG_DATABASE_URL });
  if (options.recover) {
    const orphans = await dropOrphanTables(db);
    if (orphans.length) log.info(`removed ${orphans.length} unfinished version table(s): ${orphans.join(', ')}`);
    await markUnavailableVersions(db, log);
    const leftovers = removeDeadWritersFiles(filesDir, path.join(env.dataDir, 'uploads'));
    if (leftovers) log.info(`removed ${leftovers} temp file(s) left by an interrupted write`);
  }
  return { db, filesDir, secret: loadSecret(env.dataDir, env.KAIFANG_SECRET) };
}

/** `demoUsage`: also a year of generated use and of demand-board history (flagged is_demo), so the statistics and the assessment are not empty. */
/** `files`: where the demo apps' screenshots go (without it, no demo apps). */
export async function seedIfEmpty(db: Db, log: Logger, options: { demoUsage?: boolean; files?: FilesConfig } = {}): Promise<void> {
  if (await isSeeded(db)) return;
  const started = Date.now();
  log.info('empty database: seeding the catalog');
  let lastLog = 0;
  const result = await seedCatalog(db, (done, total, label) => {
      if (Date.now() - lastLog > 1000 || done === total) {
        lastLog = Date.now();
        log.info(`  seeded ${done}/${total} datasets (${label})`);
      }
    });
  log.info(`seeded ${result.datasets} datasets, ${result.rows} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (options.demoUsage) {
    await yieldToEventLoop(); // the server answers /readyz between the stages
    const demoStarted = Date.now();
    const demo = await seedDemoUsage(db);
    log.info(`seeded a year of demo usage (is_demo = 1): ${demo.downloads} downloads, ${demo.apiCalls} API calls in ${((Date.now() - demoStarted) / 1000).toFixed(1)} s`);
    const demandStarted = Date.now();
    const board = await seedDemoDemand(db);
    log.info(`seeded a year of demo demand-board history (is_demo = 1): ${board.demands} orders and requests, ${board.deliveries} deliveries in ${((Date.now() - demandStarted) / 1000).toFixed(1)} s`);
    if (options.files) {
      const store = await blobStoreFromConfig(options.files);
      try {
        log.info(`seeded ${await seedDemoApps(db, store)} demo apps (is_demo = 1) with drawn screenshots`);
      } finally {
        store.close();
      }
    }
  }
}

/**
 * `pages`: the HTML pages (web/portal.ts passes them; without, the API alone). `whileSeeding`: called before a
 * first start's seed (minutes), so the server can answer /healthz and /readyz meanwhile; not called when seeded.
 */
export async function bootApp(env: Env, log: Logger, pages?: PageRoutes, hooks: { whileSeeding?: (db: Db) => void } = {}) {
  const { db, filesDir, secret } = await openDataDir(env, log, { recover: true });
  if (hooks.whileSeeding && !(await isSeeded(db))) hooks.whileSeeding(db);
  await seedIfEmpty(db, log, { demoUsage: env.KAIFANG_SEED_DEMO === '1', files: env.files });
  const { app, deps, close, operations } = await createApp({ db, env, filesDir, secret, log, pages });
  loadSegmenter();
  return { app, deps, db, close, operations };
}
