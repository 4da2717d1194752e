import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/errors.js';
import { isoSeconds } from '../../lib/dates.js';
import { selectDataset, reindexCatalog, validateSchema } from '../../catalog/index.js';
import { commitVersion } from '../versions.service.js';
import { acquirePublishLock, dropAttemptTable, type PublishLock } from '../publish-lock.js';
import { runPublishStages } from './publish-stages.js';
import { workerDbOf } from '../worker-connection.js';
import { finishPublished } from './finish-published.js';
import { recordAudit, type AuditActor } from '../../audit/index.js';

export type PublishInput = {
  datasetId: string;
  filePath: string;
  changeNote: string;
  publishedBy: string | null;
  /** A new column layout for this and later versions, when the department changed its columns. */
  schema?: unknown;
  /** Who publishes, for the audit row (a request's auditFrom); without it the row names `publishedBy` only. */
  audit?: AuditActor;
};

/**
 * Publishes a file as the next version, all or nothing: rows are validated into a table no one reads,
 * the artifacts are written and fsynced, and only then one transaction adds the version row. Every heavy
 * step runs in worker threads (publish-stages.ts); this thread takes the lock, renews it and commits. The
 * dataset's publish lock (a database row, honoured by the server and the CLI alike) is held throughout;
 * a second writer gets 409 publish_in_progress.
 */
export async function publishVersion(deps: AppDeps, input: PublishInput) {
  const dataset = await selectDataset(deps.db, input.datasetId);
  if (!dataset) throw new ApiError(404, 'not_found', `Dataset '${input.datasetId}' does not exist`);
  const changeNote = input.changeNote.trim();
  if (!changeNote) throw new ApiError(422, 'validation_failed', 'A change note is required: say what changed in this version.', { errors: [{ field: 'change_note', message: 'required' }] });
  const schema = input.schema ? validateSchema(input.schema) : dataset.schema;
  const lock = await acquirePublishLock(deps.db, dataset.pk);
  const { n, rowsTable: table } = lock;
  let committed = false;
  const started = performance.now();
  try {
    const stages = { datasetPk: dataset.pk, n, table, schema, filePath: input.filePath };
    const { count: rowCount, format, encoding, diff, artifacts, timings } = await runPublishStages(deps, stages, () => stopIfLost(lock));
    stopIfLost(lock);
    const publishedAt = isoSeconds(deps.now());
    await commitVersion(deps.db, dataset.pk, { n, schema, publishedAt, publishedBy: input.publishedBy, changeNote, rowCount, diff, artifacts }, lock.owner);
    committed = true;
    finishPublished(deps, workerDbOf(deps)!, { datasetPk: dataset.pk, datasetId: dataset.id, n, table, schema, publishedAt });
    await reindexCatalog(deps.db, [dataset.pk]);
    const who = input.audit ?? { actor: input.publishedBy, actorRole: null, actorDepartmentId: null, requestId: null, clientHash: null };
    await recordAudit(deps.db, { ...who, action: 'versions.published', target: `dataset:${dataset.id}@${n}`, targetDepartmentId: dataset.department_id, summary: `${rowCount} rows` });
    const s = (ms: number) => (ms / 1000).toFixed(2);
    deps.log.info(`published ${dataset.id} v${n}: ${rowCount} rows in ${s(performance.now() - started)} s (rows in ${s(timings.ingest)} s, then indexes and diff ${s(timings.indexes)} s; the files ${s(timings.files)} s from the first rows; quality profile and .gz copies follow)`);
    return { dataset: dataset.id, n, rowCount, diff, artifacts, publishedAt, format, encoding };
  } finally {
    deps.metrics?.publishSeconds((performance.now() - started) / 1000, committed ? 'published' : 'failed');
    try {
      // Artifact files already written stay: content-addressed, they are reused by the next identical publish.
      if (!committed) await dropAttempt(deps, lock);
    } catch (err) {
      // Left as an orphan (its lock is released below), dropped at the next start; the publish's own error matters more.
      deps.log.error(`publish of ${dataset.id}: could not drop ${table}`, err);
    } finally {
      await lock.release();
    }
  }
}

/** A writer whose lock lapsed (and was taken over) stops before touching anything more. */
function stopIfLost(lock: PublishLock) {
  if (lock.lost()) throw new ApiError(409, 'publish_in_progress', 'This publish took too long and another one took over; nothing was published. Try again.');
}

/**
 * Dropping a failed attempt's table frees every page of it (a second or more at a million rows): a version
 * worker does it on its own connection, under the same checks, so the serving thread keeps answering.
 */
async function dropAttempt(deps: AppDeps, lock: PublishLock): Promise<void> {
  const db = workerDbOf(deps);
  const attempt = { datasetPk: lock.datasetPk, owner: lock.owner, n: lock.n, rowsTable: lock.rowsTable };
  // On PostgreSQL the server frees the pages: the serving thread only waits for its answer.
  if (!db || 'url' in db) return await dropAttemptTable(deps.db, attempt);
  await deps.workers.version.run({ kind: 'drop-attempt', db, attempt }).result;
}
