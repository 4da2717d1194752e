import type { AppDeps } from '../../app-deps.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { QualityProfile } from '../quality.js';
import { storeQuality } from '../quality.store.js';
import { compressArtifacts } from '../artifact-gzip.js';
import type { WorkerDb } from '../worker-connection.js';

type FinishDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'log' | 'workers'>;
export type Published = { datasetPk: number; datasetId: string; n: number; table: string; schema: FieldSpec[]; publishedAt: string };

/**
 * What a publish does after its answer, side by side: the data-quality profile (a version worker, one pass over the
 * rows) and the `.gz` copies of its text files (zlib's threads). Neither is part of what a department waits for: the
 * quality API answers 503 `quality_not_computed` and downloads go uncompressed until they are done. A crash before
 * then loses nothing: the start's backfills (quality-backfill.ts, artifact-builder.ts) do what is missing.
 */
export function finishPublished(deps: FinishDeps, db: WorkerDb, v: Published): void {
  const background = deps.workers.background;
  const failed = (what: string) => (err: unknown) => {
    if (!background.closing) deps.log.error(`${what} of ${v.datasetId} v${v.n} failed (the next start does it)`, err);
  };
  const quality = deps.workers.version.run<QualityProfile>({ kind: 'quality', db, table: v.table, schema: v.schema, qualityAt: v.publishedAt }).result
    .then((profile) => storeQuality(deps.db, v.datasetPk, v.n, profile))
    .catch(failed('the quality profile'));
  const gzip = compressArtifacts(deps, v.datasetPk, v.n).catch(failed('the .gz copies'));
  background.add(Promise.all([quality, gzip]));
}
