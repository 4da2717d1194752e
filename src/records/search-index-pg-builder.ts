import { Worker } from 'node:worker_threads';
import type { Logger } from '../lib/context.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { workerUrl } from '../lib/worker-url.js';
import type { FromIndexWorker } from './search-index-worker.js';
import type { PgIndexJob, ToPgIndexWorker } from './search-index-pg-worker.js';

/** Builds one version's index on PostgreSQL, answering the rows indexed. */
export type PgIndexBuilder = { build(rowsTable: string, schema: FieldSpec[], batchRows: number): Promise<number>; close(): Promise<void> };

/**
 * The PostgreSQL index builds' worker thread (search-index-pg-worker.ts): one build at a time (the indexer queues
 * them), each on its own connection to `url`; started on the first build and stopped after `idleMs` without one.
 */
export function createPgIndexBuilder(url: string, options: { log: Logger; idleMs: number }): PgIndexBuilder {
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let pending: { rowsTable: string; resolve: (rows: number) => void; reject: (err: Error) => void } | null = null;

  function settle(m: FromIndexWorker) {
    const p = pending;
    if (!p || p.rowsTable !== m.rowsTable) return;
    pending = null;
    if (m.type === 'done') p.resolve(m.rows);
    else p.reject(new Error(m.message));
    idle();
  }

  function start(): Worker {
    const w = new Worker(workerUrl(import.meta.url, 'search-index-pg-worker'), { execArgv: [] });
    w.on('message', settle);
    w.on('error', (err) => options.log.error('search index worker failed', err));
    w.on('exit', () => {
      if (worker !== w) return;
      worker = null;
      if (pending) settle({ type: 'failed', rowsTable: pending.rowsTable, message: 'the search index worker exited' });
    });
    return w;
  }

  function idle() {
    const w = worker;
    if (!w) return;
    w.unref();
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (worker === w && !pending) {
        worker = null;
        void w.terminate();
      }
    }, options.idleMs).unref();
  }

  return {
    build(rowsTable, schema, batchRows) {
      if (pending) return Promise.reject(new Error('search index builder: one build at a time'));
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      worker ??= start();
      worker.ref();
      return new Promise<number>((resolve, reject) => {
        pending = { rowsTable, resolve, reject };
        const job: PgIndexJob = { url, rowsTable, schema, batchRows };
        worker!.postMessage({ type: 'job', job } satisfies ToPgIndexWorker);
      });
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      const w = worker;
      worker = null;
      if (pending) settle({ type: 'failed', rowsTable: pending.rowsTable, message: 'the portal is closing' });
      await w?.terminate();
    },
  };
}
