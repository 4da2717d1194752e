import { parseArgs } from 'node:util';
import { closeConnection } from '../../src/db/connection.js';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { createCatalogCache } from '../../src/catalog/index.js';
import { describeSummary, runMonitor } from '../../src/monitoring/index.js';
import { blobStoreFromConfig } from '../../src/lib/blobs/blob-store-config.js';
import { consoleLog } from './log.js';

/**
 * `monitor [--now ISO] [--quick]`: one round of the monitoring loop (the server runs it every
 * KAIFANG_MONITOR_EVERY_HOURS), printing what it opened, re-checked, escalated and closed.
 */
export async function monitorCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { now: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    console.error(`error: --now '${values.now}' is not a date and time (ISO 8601, e.g. 2026-12-01T09:00:00Z)`);
    process.exitCode = 2;
    return;
  }
  const env = readEnv();
  const { db } = await openDataDir(env, consoleLog);
  const files = await blobStoreFromConfig(env.files);
  try {
    const summary = await runMonitor({ db, files, log: consoleLog, caches: { catalog: createCatalogCache(env.KAIFANG_SEARCH_SYNONYMS) } }, { now, sha256: !values.quick });
    console.log(describeSummary(summary));
  } finally {
    files.close();
    await closeConnection(db);
  }
}
