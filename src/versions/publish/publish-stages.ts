import { MessageChannel } from 'node:worker_threads';
import type { AppDeps } from '../../app-deps.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { ArtifactInfo, VersionDiff } from '../versions.table.js';
import { artifactKeys, type ArtifactKey } from '../artifacts.js';
import { previousVersionTable } from '../versions.service.js';
import { workerDbOf, type WorkerDb } from '../worker-connection.js';
import type { RunningJob } from '../version-workers.js';
import { sniffFile, type TableFile } from './read-table.js';
import { needsValidationWorker } from './validated-rows.js';
import { runArtifactsJob } from '../table-artifacts.js';

type StageDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'workers'> & Partial<Pick<AppDeps, 'env' | 'now'>>;
type StageInput = { datasetPk: number; n: number; table: string; schema: FieldSpec[]; filePath: string };
/** How long each stage took, ms (the index job and the files run side by side after the ingest). */
export type StageTimings = { ingest: number; indexes: number; files: number };
export type StagesResult = TableFile & { count: number; diff: VersionDiff | null; artifacts: Record<ArtifactKey, ArtifactInfo>; timings: StageTimings };

function timed<T>(job: RunningJob<T>, done: (ms: number) => void): RunningJob<T> {
  const started = performance.now();
  return { ...job, result: job.result.then((value) => (done(performance.now() - started), value)) };
}

/**
 * All five files in one pass over the rows, in one worker, while another builds the diff and the indexes. Their
 * `.gz` copies are not part of the publish (a transfer encoding: `finishPublished` writes them after the answer).
 * The workbook in a worker of its own saved ~1 s of a million-row publish on two cores (8.2x `.import` instead of
 * 9.2x) but raised the peak memory from ~400 to ~475 MB.
 */
const artifactGroups: ArtifactKey[][] = [['csv', 'csv_bom', 'json', 'ndjson', 'xlsx']];

/**
 * Rows into the attempt's table: parsed and checked in the (heap-capped) validation worker, inserted by a
 * version worker that receives the batches directly. Small files are read by the version worker itself.
 */
async function ingest({ workers }: StageDeps, db: WorkerDb, input: StageInput, file: TableFile): Promise<number> {
  const job = { kind: 'ingest' as const, db, table: input.table, schema: input.schema, file };
  if (!needsValidationWorker(file)) return (await workers.version.run<{ count: number }>({ ...job, rows: 'here' }).result).count;
  const { port1, port2 } = new MessageChannel();
  const validation = workers.validation.toPort({ file, schema: input.schema }, port1);
  const inserting = workers.version.run<{ count: number }>({ ...job, rows: port2 }, [port2]).result;
  const [checked, inserted] = await Promise.allSettled([validation, inserting]);
  if (checked.status === 'rejected') throw checked.reason; // a validator that died explains why the inserts stopped
  if (inserted.status === 'rejected') throw inserted.reason;
  return inserted.value.count;
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
 * Every heavy step of a publish, off the serving thread, each worker on its own connection: ingest, then
 * diff and indexes beside the artifacts. The caller holds the lock, checks it between steps and commits.
 * `between` runs after the ingest (the caller's check that its lock still holds).
 */
export async function runPublishStages(deps: StageDeps, input: StageInput, between: () => void): Promise<StagesResult> {
  const db = workerDbOf(deps);
  if (db === null) throw new Error('publishing needs a database file or server: its workers open it too');
  const started = performance.now();
  const file = await sniffFile(input.filePath);
  const count = await ingest(deps, db, input, file);
  const timings: StageTimings = { ingest: performance.now() - started, indexes: 0, files: 0 };
  between();
  const base = { db, table: input.table, schema: input.schema };
  const previous = await previousVersionTable(deps.db, input.datasetPk, input.n);
  const [index, ...groups] = await allOrNone<[{ diff: VersionDiff | null }, ...Partial<Record<ArtifactKey, ArtifactInfo>>[]]>([
    timed(deps.workers.version.run<{ diff: VersionDiff | null }>({ kind: 'index', ...base, previous }), (ms) => (timings.indexes = ms)),
    ...artifactGroups.map((keys) => timed(runArtifactsJob(deps, { ...base, keys, gzip: false }), (ms) => (timings.files = Math.max(timings.files, ms)))),
  ]);
  const built = Object.assign({}, ...groups) as Record<ArtifactKey, ArtifactInfo>;
  const artifacts = Object.fromEntries(artifactKeys.map((k) => [k, built[k]])) as Record<ArtifactKey, ArtifactInfo>;
  return { ...file, count, diff: index.diff, artifacts, timings };
}
