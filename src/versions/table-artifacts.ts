import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FieldSpec } from '../lib/field-spec.js';
import type { ArtifactInfo } from './versions.table.js';
import { artifactSpecs, labelledKeys, layoutFor, type ArtifactKey, type ArtifactLayout } from './artifacts.js';
import { valuesWriters, type ValuesWriterFactory } from './artifact-writers/index.js';
import { csvWriter } from './artifact-writers/csv.js';
import { labelledCsvHead } from '../lib/csv-labels.js';
import { xlsxLabelledWriter } from './artifact-writers/xlsx.js';
import { discardFinished, openArtifactSink, putFinishedArtifact, type ArtifactTarget, type FinishedArtifact } from './artifact-store.js';
import type { BlobStore } from '../lib/blobs/blob-store.js';
import { readValueBatches } from './rows/row-batches.sql.js';
import { readValueBatchesPg } from './rows/row-batches.pg.sql.js';
import { pgOf } from './rows/rows-table.pg.sql.js';
import type { Connection } from './rows/rows-table.sql.js';
import type { AppDeps } from '../app-deps.js';
import type { RunningJob } from './version-workers.js';
import type { WorkerDb } from './worker-connection.js';
import type { RowValue } from './rows/rows-table.js';
import { ingestState, waitForIngest, type IngestProgress } from './publish/ingest-progress.js';

type Finished = Partial<Record<ArtifactKey, FinishedArtifact>>;

/** The layout of each file to build; a key left out gets `layoutFor` a file never recorded (the Chinese labels). */
export type ArtifactLayouts = Partial<Record<ArtifactKey, ArtifactLayout>>;
const layoutOf = (key: ArtifactKey, layouts: ArtifactLayouts | undefined) => layouts?.[key] ?? layoutFor(key, undefined);

const labelledWriters: Partial<Record<ArtifactKey, ValuesWriterFactory>> = { csv_bom: csvWriter({ spreadsheet: true }, labelledCsvHead), xlsx: xlsxLabelledWriter };
const writerFor = (key: ArtifactKey, layout: ArtifactLayout) => (layout === 'labels' && labelledWriters[key]) || valuesWriters[key];

/**
 * A table's rows in `_rowid` order, in pages (PostgreSQL's arrive over the network: the event loop turns while each
 * is read). `following`: the table is still being filled by a publish's ingest; a short page waits for its next
 * batch, and the pages end once it is done and everything after the last row read has been read.
 */
async function* rowBatches(conn: Connection, table: string, schema: FieldSpec[], following?: IngestProgress): AsyncGenerator<RowValue[][]> {
  const pg = pgOf(conn);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const ingest = following ? ingestState(following) : { state: 'done', seen: 0 };
    if (ingest.seen > 0 || ingest.state === 'done') {
      // Read after the state: once it said done, these pages see every row.
      const pages = pg ? readValueBatchesPg(pg, table, schema, undefined, after) : readValueBatches(conn, table, schema, undefined, after);
      let page = await pages.next();
      for (; !page.done; page = await pages.next()) {
        if (following) ingestState(following); // throws once the ingest stopped: these rows are not the version
        yield page.value;
      }
      after = page.value;
    }
    if (ingest.state === 'done') return;
    await waitForIngest(following!, ingest.seen);
  }
}

/**
 * Writes the given artifacts of a rows table in one pass over its rows: each batch read once goes to every
 * writer, each writer streams into its own temp files (identity and gzip) in `scratchDir`, so memory stays flat
 * whatever the row count. Version workers run this; the app's thread stores the result (`storeFinishedArtifacts`).
 * `yieldEachBatch`: on the serving thread (small versions), let requests in between batches. `gzip: false`: no `.gz`
 * copies (a publish leaves them to `compressArtifacts`, after its answer). `following`: the publish's ingest is still
 * filling the table (see `rowBatches`).
 */
export async function writeFinishedArtifacts(
  conn: Connection,
  scratchDir: string,
  table: string,
  schema: FieldSpec[],
  keys: readonly ArtifactKey[],
  options: { yieldEachBatch?: boolean; layouts?: ArtifactLayouts; gzip?: boolean; following?: IngestProgress } = {},
): Promise<Finished> {
  const gzip = (key: ArtifactKey) => options.gzip !== false && artifactSpecs[key].precompressed;
  const sinks = keys.map((key) => openArtifactSink(scratchDir, artifactSpecs[key].ext, { gzip: gzip(key) }));
  try {
    const writers = await Promise.all(keys.map((key, i) => writerFor(key, layoutOf(key, options.layouts))(schema, sinks[i]!)));
    for await (const batch of rowBatches(conn, table, schema, options.following)) {
      await Promise.all(writers.map((w) => w.write(batch)));
      if (options.yieldEachBatch) await yieldToEventLoop();
    }
    await Promise.all(writers.map((w) => w.end()));
  } catch (err) {
    await Promise.all(sinks.map((s) => s.abort()));
    throw err;
  }
  const finished = await Promise.allSettled(sinks.map((s) => s.finish()));
  const failed = finished.find((f) => f.status === 'rejected');
  if (failed) {
    await discardFinished(finished.flatMap((f) => (f.status === 'fulfilled' ? [f.value] : [])));
    throw failed.reason;
  }
  return Object.fromEntries(keys.map((key, i) => [key, (finished[i] as PromiseFulfilledResult<FinishedArtifact>).value]));
}

/**
 * Puts finished artifacts into the store (each file streamed, never held whole in memory); their temp files go either
 * way. Each spreadsheet file's record says it carries the labels, so a rebuild writes it the same way.
 */
export async function storeFinishedArtifacts(files: BlobStore, finished: Finished, layouts?: ArtifactLayouts): Promise<Partial<Record<ArtifactKey, ArtifactInfo>>> {
  const entries = Object.entries(finished) as [ArtifactKey, FinishedArtifact][];
  const stored = await Promise.allSettled(entries.map(([, f]) => putFinishedArtifact(files, f)));
  const failed = stored.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const labelled = (key: ArtifactKey) => labelledKeys.includes(key) && layoutOf(key, layouts) === 'labels';
  return Object.fromEntries(entries.map(([key], i) => {
    const info = (stored[i] as PromiseFulfilledResult<ArtifactInfo>).value;
    return [key, labelled(key) ? { ...info, layout: 'labels' } : info];
  }));
}

/** `writeFinishedArtifacts` then `storeFinishedArtifacts`, on this thread. */
export async function writeTableArtifacts(
  conn: Connection,
  target: ArtifactTarget,
  table: string,
  schema: FieldSpec[],
  keys: readonly ArtifactKey[],
  options: { yieldEachBatch?: boolean; layouts?: ArtifactLayouts } = {},
): Promise<Partial<Record<ArtifactKey, ArtifactInfo>>> {
  return storeFinishedArtifacts(target.files, await writeFinishedArtifacts(conn, target.filesDir, table, schema, keys, options), options.layouts);
}

/**
 * `writeFinishedArtifacts` in a version worker, then `storeFinishedArtifacts` here: the worker needs no store (nor
 * the bucket's client), and what it wrote is stored or removed as soon as it is done, whatever sibling jobs do.
 */
export function runArtifactsJob(
  deps: Pick<AppDeps, 'files' | 'filesDir' | 'workers'>,
  job: { db: WorkerDb; table: string; schema: FieldSpec[]; keys: ArtifactKey[]; layouts?: ArtifactLayouts; gzip?: boolean; following?: IngestProgress },
): RunningJob<Partial<Record<ArtifactKey, ArtifactInfo>>> {
  const running = deps.workers.version.run<Finished>({ kind: 'artifacts', ...job, filesDir: deps.filesDir });
  return { result: running.result.then((finished) => storeFinishedArtifacts(deps.files, finished, job.layouts)), abort: running.abort };
}
