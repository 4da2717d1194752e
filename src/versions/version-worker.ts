import { parentPort } from 'node:worker_threads';
import { heapBytes } from '../lib/worker-heap.js';
import { ApiError } from '../lib/errors.js';
import type { FieldSpec } from '../lib/field-spec.js';
import type { ArtifactKey } from './artifacts.js';
import type { VersionTable } from './diff.js';
import { diffTables } from './rows/diff-tables.sql.js';
import { diffTablesPg } from './rows/diff-tables.pg.sql.js';
import { indexRowsTableStepwise } from './rows/rows-table.sql.js';
import { indexRowsTableStepwisePg } from './rows/rows-table.pg.sql.js';
import type { PgDb } from '../db/engine.js';
import type { WorkerDb } from './worker-connection.js';
import { closeWorkerDrizzle, openWorkerDb, openWorkerDrizzle } from './worker-db.store.js';
import { dropAttemptTable, type AttemptOf } from './publish-lock.js';
import { writeFinishedArtifacts, type ArtifactLayouts } from './table-artifacts.js';
import { ingestInto } from './publish/ingest.js';
import { ingestStopped, type IngestProgress } from './publish/ingest-progress.js';
import type { TableFile } from './publish/read-table.js';
import { validateFile } from './publish/validate-rows.js';
import type { SerializedError } from './publish/validate-worker.js';
import { yieldCpuToServingThread } from '../lib/thread-priority.js';
import { profileRowsTable } from './quality.js';

/** The heavy steps of a publish (and of building a large version's files), each on the worker's own connection. */
export type VersionJob =
  /** The file read, checked and inserted here; `progress`: each committed batch is counted there, for the files job following the ingest. */
  | { kind: 'ingest'; db: WorkerDb; table: string; schema: FieldSpec[]; file: TableFile; progress?: IngestProgress }
  | { kind: 'index'; db: WorkerDb; table: string; schema: FieldSpec[]; previous: VersionTable | null }
  /** Writes temp files in `filesDir` and answers them as FinishedArtifacts; the app's thread stores them. */
  | { kind: 'artifacts'; db: WorkerDb; filesDir: string; table: string; schema: FieldSpec[]; keys: ArtifactKey[]; layouts?: ArtifactLayouts; gzip?: boolean; following?: IngestProgress }
  | { kind: 'drop-attempt'; db: WorkerDb; attempt: AttemptOf }
  /** The data-quality profile of a committed version (after its publish's answer, or one that has none: quality-backfill.ts). */
  | { kind: 'quality'; db: WorkerDb; table: string; schema: FieldSpec[]; qualityAt: string };

export type ToVersionWorker = { type: 'job'; job: VersionJob } | { type: 'abort' };
export type FromVersionWorker = ({ type: 'done'; result: unknown } | { type: 'failed'; error: SerializedError }) & { heapBytes: number };

const port = parentPort!;
yieldCpuToServingThread();
let aborted = false;

const stopped = () => new ApiError(409, 'publish_in_progress', 'This publish was stopped; nothing was published.');

async function* checked<T, R>(source: AsyncGenerator<T, R>): AsyncGenerator<T, R> {
  for (let next = await source.next(); ; next = await source.next()) {
    if (aborted) {
      await source.return(undefined as never);
      throw stopped();
    }
    if (next.done) return next.value;
    yield next.value;
  }
}

/** The ingest's file, read and checked in this worker; rows out of key order stop the files following it at once. */
const validatedHere = (job: Extract<VersionJob, { kind: 'ingest' }>) =>
  checked(validateFile(job.file, job.schema, { outOfOrder: job.progress && (() => ingestStopped(job.progress!)) }));

const stopIfAborted = () => {
  if (aborted) throw stopped();
};

async function run(job: VersionJob): Promise<unknown> {
  if ('url' in job.db) {
    // A pool of its own, ended with the job: two connections (the validated batches' COPY and a read beside it).
    // Loaded only here, so a worker on SQLite starts as before.
    const { closePgDb, openPgDb } = await import('../db/pg-client.js');
    const db = openPgDb(job.db.url, { max: 2 });
    try {
      return await runOnPg(db, job);
    } finally {
      await closePgDb(db);
    }
  }
  if (job.kind === 'drop-attempt') {
    const db = openWorkerDrizzle(job.db.file);
    try {
      return await dropAttemptTable(db, job.attempt);
    } finally {
      closeWorkerDrizzle(db);
    }
  }
  // Reading a table from start to end (the files, the quality profile) or appending to it (the ingest) gains nothing
  // from a page cache of its own, and each busy worker's cache is memory the process keeps after it: 2 MB there,
  // 32 MB for the indexes and the diff (their sorts).
  const sqlite = openWorkerDb(job.db.file, { cacheKb: job.kind === 'index' ? undefined : 2048 });
  try {
    if (job.kind === 'ingest') {
      return await ingestInto(sqlite, job.table, job.schema, validatedHere(job), job.progress);
    }
    if (job.kind === 'index') {
      const diff = job.previous ? diffTables(sqlite, job.previous, { table: job.table, schema: job.schema }) : null;
      indexRowsTableStepwise(sqlite, job.table, job.schema, stopIfAborted);
      stopIfAborted();
      return { diff };
    }
    if (job.kind === 'quality') return await profileRowsTable(sqlite, job.table, job.schema, job.qualityAt);
    return await writeFinishedArtifacts(sqlite, job.filesDir, job.table, job.schema, job.keys, { layouts: job.layouts, gzip: job.gzip, following: job.following });
  } finally {
    sqlite.close();
  }
}

/** The same jobs on PostgreSQL, through the rows tables' PostgreSQL twins. */
async function runOnPg(db: PgDb, job: VersionJob): Promise<unknown> {
  if (job.kind === 'drop-attempt') return await dropAttemptTable(db, job.attempt);
  if (job.kind === 'quality') return await profileRowsTable(db, job.table, job.schema, job.qualityAt);
  if (job.kind === 'ingest') {
    return await ingestInto(db, job.table, job.schema, validatedHere(job), job.progress);
  }
  if (job.kind === 'index') {
    const diff = job.previous ? await diffTablesPg(db, job.previous, { table: job.table, schema: job.schema }) : null;
    await indexRowsTableStepwisePg(db, job.table, job.schema, stopIfAborted);
    stopIfAborted();
    return { diff };
  }
  return await writeFinishedArtifacts(db, job.filesDir, job.table, job.schema, job.keys, { layouts: job.layouts, gzip: job.gzip, following: job.following });
}

port.on('message', (m: ToVersionWorker) => {
  if (m.type === 'abort') {
    aborted = true;
    return;
  }
  aborted = false;
  run(m.job).then(
    (result) => port.postMessage({ type: 'done', result, heapBytes: heapBytes() } satisfies FromVersionWorker),
    (err: unknown) => port.postMessage({
      type: 'failed',
      error: err instanceof ApiError ? { status: err.status, code: err.code, message: err.message, extra: err.extra } : { message: String((err as Error)?.stack ?? err) },
      heapBytes: heapBytes(),
    } satisfies FromVersionWorker),
  );
});
