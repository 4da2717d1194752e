import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { FieldSpec } from '../lib/field-spec.js';
import { buildFtsTable } from './search-index.sql.js';
import { yieldCpuToServingThread } from '../lib/thread-priority.js';

export type IndexJob = { file: string; rowsTable: string; schema: FieldSpec[]; batchRows: number };
export type ToIndexWorker = { type: 'job'; job: IndexJob };
export type FromIndexWorker = { type: 'done'; rowsTable: string; rows: number; ms: number } | { type: 'failed'; rowsTable: string; message: string };

const port = parentPort!;
yieldCpuToServingThread();
const connections = new Map<string, Database.Database>();

function connect(file: string): Database.Database {
  let sqlite = connections.get(file);
  if (!sqlite) {
    sqlite = new Database(file);
    // A builder may wait for the write lock; the serving thread is the one that must not.
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('synchronous = NORMAL');
    connections.set(file, sqlite);
  }
  return sqlite;
}

port.on('message', (m: ToIndexWorker) => {
  const { job } = m;
  const started = performance.now();
  try {
    const rows = buildFtsTable(connect(job.file), job.rowsTable, job.schema, { batchRows: job.batchRows });
    port.postMessage({ type: 'done', rowsTable: job.rowsTable, rows, ms: performance.now() - started } satisfies FromIndexWorker);
  } catch (err) {
    port.postMessage({ type: 'failed', rowsTable: job.rowsTable, message: err instanceof Error ? err.message : String(err) } satisfies FromIndexWorker);
  }
});
