import { parentPort } from 'node:worker_threads';
import type { FieldSpec } from '../lib/field-spec.js';
import { yieldCpuToServingThread } from '../lib/thread-priority.js';
import { closePgDb, openPgDb } from '../db/pg-client.js';
import { buildFtsTablePg } from './search-index.pg.sql.js';
import type { FromIndexWorker } from './search-index-worker.js';

// Builds a version's full-text index on PostgreSQL off the serving thread: reading the rows, segmenting them with jieba
// (the CPU work) and writing the tsvectors, on a connection of its own opened from the database URL for the job.

export type PgIndexJob = { url: string; rowsTable: string; schema: FieldSpec[]; batchRows: number };
export type ToPgIndexWorker = { type: 'job'; job: PgIndexJob };

const port = parentPort!;
yieldCpuToServingThread();

port.on('message', (m: ToPgIndexWorker) => void build(m.job));

async function build(job: PgIndexJob): Promise<void> {
  const started = performance.now();
  const db = openPgDb(job.url, { max: 1 });
  try {
    const rows = await buildFtsTablePg(db, job.rowsTable, job.schema, { batchRows: job.batchRows });
    port.postMessage({ type: 'done', rowsTable: job.rowsTable, rows, ms: performance.now() - started } satisfies FromIndexWorker);
  } catch (err) {
    port.postMessage({ type: 'failed', rowsTable: job.rowsTable, message: err instanceof Error ? err.message : String(err) } satisfies FromIndexWorker);
  } finally {
    await closePgDb(db).catch(() => {});
  }
}
