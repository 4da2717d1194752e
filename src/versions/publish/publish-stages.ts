import type { AppDeps } from '../../app-deps.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { ArtifactInfo, VersionDiff } from '../versions.table.js';
import { artifactKeys, type ArtifactKey } from '../artifacts.js';
import { previousVersionTable } from '../versions.service.js';
import { workerDbOf, type WorkerDb } from '../worker-connection.js';
import type { RunningJob } from '../version-workers.js';
import { sniffFile, type TableFile } from './read-table.js';
import { runArtifactsJob } from '../table-artifacts.js';
import { createIngestProgress, ingestDone, ingestStopped, type IngestProgress } from './ingest-progress.js';

type StageDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'workers'> & Partial<Pick<AppDeps, 'env' | 'now'>>;
type StageInput = { datasetPk: number; n: number; table: string; schema: FieldSpec[]; filePath: string };
/** How long each stage took, ms (the files run from the ingest's start, beside the index job after it). */
export type StageTimings = { ingest: number; indexes: number; files: number };
export type StagesResult = TableFile & { count: number; diff: VersionDiff | null; artifacts: Record<ArtifactKey, ArtifactInfo>; timings: StageTimings };

function timed<T>(job: RunningJob<T>, done: (ms: number) => void): RunningJob<T> {
  const started = performance.now();
  return { ...job, result: job.result.then((value) => (done(performance.now() - started), value)) };
}

/**
 * All five files in one pass over the rows, in one worker, beside the ingest and then the diff and the indexes. Their
 * `.gz` copies are not part of the publish (a transfer encoding: `finishPublished` writes them after the answer).
 * The workbook in a worker of its own saved ~1 s of a million-row publish on two cores (8.2x `.import` instead of
 * 9.2x) but raised the peak memory from ~400 to ~475 MB.
 */
const fileKeys: ArtifactKey[] = ['csv', 'csv_bom', 'json', 'ndjson', 'xlsx'];

/**
 * Rows into the attempt's table, read, checked and inserted by one version worker (heap-capped like the
 * validation worker: a file that needs more is the uploader's 422). Each committed batch is counted in `progress`.
 */
async function ingest({ workers }: StageDeps, db: WorkerDb, input: StageInput, file: TableFile, progress: IngestProgress): Promise<{ count: number; rebuilt: boolean }> {
  return await workers.version.run<{ count: number; rebuilt: boolean }>({ kind: 'ingest', db, table: input.table, schema: input.schema, file, progress }).result;
}

/** The five files in a version worker; `following`: while the ingest still fills the table. Its failure is awaited later. */
function filesJob(deps: StageDeps, base: { db: WorkerDb; table: string; schema: FieldSpec[] }, timings: StageTimings, following?: IngestProgress) {
  const job = timed(runArtifactsJob(deps, { ...base, keys: fileKeys, gzip: false, following }), (ms) => (timings.files = ms));
  job.result.catch(() => {}); // awaited later: a failure while the ingest still runs is not unhandled meanwhile
  return job;
}

/** Waits for every job; the first to fail stops the others (their table and temp files are left to the caller's cleanup). */
async function allOrNone<T extends unknown[]>(jobs: { [K in keyof T]: RunningJob<T[K]> }): Promise<T> {
  let first: unknown = null;
  const settled = await Promise.allSettled(
    jobs.map((j) => j.result.catch((err: unknown) => {
      first ??= err;
      for (const other of jobs) other.abort();
      throw err;
    })),
  );
  if (first !== null) throw first;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}

/**
 * Every heavy step of a publish, off the serving thread, each worker on its own connection: the ingest, with the
 * files (the longest step) following it from its first committed batch, then diff and indexes beside the rest of
 * the files. Rows that arrived out of key order are rebuilt in it at the end of the ingest: the files then start
 * again from the rebuilt table. The caller holds the lock, checks it between steps and commits. `between` runs after
 * the ingest (the caller's check that its lock still holds).
 */
export async function runPublishStages(deps: StageDeps, input: StageInput, between: () => void): Promise<StagesResult> {
  const db = workerDbOf(deps);
  if (db === null) throw new Error('publishing needs a database file or server: its workers open it too');
  const started = performance.now();
  const file = await sniffFile(input.filePath);
  const base = { db, table: input.table, schema: input.schema };
  const timings: StageTimings = { ingest: 0, indexes: 0, files: 0 };
  const progress = createIngestProgress();
  let files = filesJob(deps, base, timings, progress);
  try {
    const { count, rebuilt } = await ingest(deps, db, input, file, progress);
    timings.ingest = performance.now() - started;
    between();
    if (rebuilt) {
      ingestStopped(progress);
      await files.result.catch(() => {});
      files = filesJob(deps, base, timings);
    } else ingestDone(progress);
    const previous = await previousVersionTable(deps.db, input.datasetPk, input.n);
    const [index, built] = await allOrNone<[{ diff: VersionDiff | null }, Partial<Record<ArtifactKey, ArtifactInfo>>]>([
      timed(deps.workers.version.run<{ diff: VersionDiff | null }>({ kind: 'index', ...base, previous }), (ms) => (timings.indexes = ms)),
      files,
    ]);
    const artifacts = Object.fromEntries(artifactKeys.map((k) => [k, built[k]])) as Record<ArtifactKey, ArtifactInfo>;
    return { ...file, count, diff: index.diff, artifacts, timings };
  } catch (err) {
    ingestStopped(progress); // a files job still following the ingest stops at its next page
    await files.result.catch(() => {});
    throw err;
  }
}
