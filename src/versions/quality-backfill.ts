import type { AppDeps } from '../app-deps.js';
import { rowsTableName } from './rows/rows-table.js';
import { getVersion } from './versions.store.js';
import { workerDbOf } from './worker-connection.js';
import type { QualityProfile } from './quality.js';
import { storeQuality, versionsWithoutQuality } from './quality.store.js';

type BackfillDeps = Pick<AppDeps, 'db' | 'log' | 'workers'> & Partial<Pick<AppDeps, 'env'>>;
export type QualityBackfill = { done: Promise<number>; stop: () => void };

/**
 * Profiles, after the server answers, the versions that have no data-quality profile (a database from before profiles
 * existed, or a crash between a publish's commit and its profile), one at a time in a version worker on its own
 * connection: never on the serving thread, never on a request. Dates count as in the future from each version's
 * publication, as the publish would have counted them. Resolves with how many were profiled.
 */
export function startQualityBackfill(deps: BackfillDeps): QualityBackfill {
  let stopped = false;
  const done = backfill(deps, () => stopped).catch((err: unknown) => {
    deps.log.error('quality profiles: the background backfill failed', err);
    return 0;
  });
  return { done, stop: () => void (stopped = true) };
}

async function backfill(deps: BackfillDeps, isStopped: () => boolean): Promise<number> {
  const db = workerDbOf(deps);
  if (db === null) return 0; // an in-memory database, which no worker can open
  const pending = await versionsWithoutQuality(deps.db, 100_000);
  let profiled = 0;
  for (const { datasetPk, n } of pending) {
    if (isStopped()) break;
    const version = await getVersion(deps.db, datasetPk, n);
    if (!version) continue;
    const job = { kind: 'quality' as const, db, table: rowsTableName(datasetPk, n), schema: version.schema, qualityAt: version.publishedAt };
    try {
      await storeQuality(deps.db, datasetPk, n, await deps.workers.version.run<QualityProfile>(job).result);
      profiled++;
    } catch (err) {
      deps.log.error(`quality profile of dataset ${datasetPk} v${n} failed`, err);
    }
  }
  if (profiled) deps.log.info(`quality profiles: ${profiled} version(s) profiled in the background`);
  return profiled;
}
