import { Worker } from 'node:worker_threads';
import type { Logger } from '../lib/context.js';
import { workerUrl } from '../lib/worker-url.js';
import type { Db } from '../db/client.js';
import { workerDbFile } from '../versions/index.js';
import { ftsTableName, indexBuilding, textFields } from './records.fts.js';
import { buildFtsTable, ftsState } from './search-index.sql.js';
import type { RecordsTarget } from './records.target.js';
import type { FromIndexWorker, IndexJob } from './search-index-worker.js';
import { isPg } from '../db/engine.js';
import { createPgSearchIndexer } from './search-index.pg.js';

export type SearchIndexOptions = {
  log: Logger;
  /** Rows in a build's first write transaction; later ones are sized to hold the write lock ~5 ms. */
  batchRows?: number;
  /** An idle worker holds ~30 MB; it is stopped after this long without work. */
  idleMs?: number;
  /** After a failed build, `q` on that version answers 503 this long before a new attempt. */
  retryFailedMs?: number;
  /** PostgreSQL: the database the build worker connects to (the app's settings; else the open connection's own URL). */
  databaseUrl?: string;
};

type Job = { rowsTable: string; rows: number; label: string };

/**
 * Builds full-text indexes of versions in one worker thread, one version at a time, and tells the
 * records API whether a version's index is ready. A `q` on a version without one queues it and is
 * answered 503 `search_index_building` with `Retry-After`; nothing on the serving thread waits.
 */
export function createSearchIndexer(db: Db, options: SearchIndexOptions): { searchTable(target: RecordsTarget): string | null; readonly idle: boolean; close(): Promise<void> } {
  if (isPg(db)) return createPgSearchIndexer(db, options);
  // null: an in-memory database, which the worker cannot open.
  const file = workerDbFile(db);
  const batchRows = options.batchRows ?? 250;
  const idleMs = options.idleMs ?? 30_000;
  const retryFailedMs = options.retryFailedMs ?? 60_000;
  const ready = new Set<string>();
  const queue: Job[] = [];
  const failedAt = new Map<string, number>();
  let current: (Job & { started: number }) | null = null;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let rowsPerSecond = 10_000;
  const schemas = new Map<string, RecordsTarget['schema']>();

  function startWorker(): Worker {
    const w = new Worker(workerUrl(import.meta.url, 'search-index-worker'), { execArgv: [] });
    w.on('message', (m: FromIndexWorker) => finish(m));
    w.on('error', (err) => options.log.error('search index worker failed', err));
    w.on('exit', () => {
      if (worker !== w) return;
      worker = null;
      if (current) finish({ type: 'failed', rowsTable: current.rowsTable, message: 'the search index worker exited' });
    });
    return w;
  }

  function finish(m: FromIndexWorker) {
    if (!current || current.rowsTable !== m.rowsTable) return;
    if (m.type === 'done') {
      ready.add(m.rowsTable);
      if (m.rows > 1000) rowsPerSecond = Math.max(1000, (m.rows / m.ms) * 1000);
    } else {
      failedAt.set(m.rowsTable, Date.now());
      options.log.error(`search index of ${m.rowsTable} failed: ${m.message}`);
    }
    schemas.delete(m.rowsTable);
    current = null;
    pump();
  }

  function pump() {
    if (current) return;
    const job = queue.shift();
    if (!job) {
      if (worker && !idleTimer) {
        worker.unref();
        const w = worker;
        idleTimer = setTimeout(() => { idleTimer = null; if (worker === w && !current) { worker = null; void w.terminate(); } }, idleMs).unref();
      }
      return;
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    current = { ...job, started: Date.now() };
    worker ??= startWorker();
    worker.ref();
    const message: IndexJob = { file: file!, rowsTable: job.rowsTable, schema: schemas.get(job.rowsTable)!, batchRows };
    worker.postMessage({ type: 'job', job: message });
  }

  /** Seconds until the index of `rowsTable` should be ready: the running build's remainder and the queue before it. */
  function secondsUntil(rowsTable: string): number {
    let rows = current ? Math.max(0, current.rows - ((Date.now() - current.started) / 1000) * rowsPerSecond) : 0;
    for (const job of queue) {
      rows += job.rows;
      if (job.rowsTable === rowsTable) break;
    }
    return Math.min(300, Math.max(1, Math.ceil(rows / rowsPerSecond) + 1));
  }

  function enqueue(target: RecordsTarget): void {
    const table = target.table;
    if (current?.rowsTable === table || queue.some((j) => j.rowsTable === table)) return;
    const failed = failedAt.get(table);
    if (failed !== undefined && Date.now() - failed < retryFailedMs) return;
    failedAt.delete(table);
    schemas.set(table, target.schema);
    queue.push({ rowsTable: table, rows: target.rowCount, label: `version ${target.n} of '${target.datasetId}'` });
    pump();
  }

  return {
    /**
     * The FTS table to search `target` with, or null when the version has no text field. Throws
     * 503 `search_index_building` (having queued the build) while the index is not ready.
     */
    searchTable(target: RecordsTarget): string | null {
      if (!textFields(target.schema).length) return null;
      if (ready.has(target.table)) return ftsTableName(target.table);
      if (ftsState(db, target.table) === 'ready') {
        ready.add(target.table);
        return ftsTableName(target.table);
      }
      // An in-memory database (some scripts) cannot be shared with a worker: built here, it is small.
      if (file === null) {
        buildFtsTable(db, target.table, target.schema, { batchRows });
        return ftsTableName(target.table);
      }
      enqueue(target);
      const seconds = secondsUntil(target.table);
      throw indexBuilding(target, seconds);
    },
    /** Whether no build is running or queued (tests and benches wait on it). */
    get idle() {
      return !current && !queue.length;
    },
    /** Ends the worker (a build running is dropped; the next `q=` starts it again). */
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
