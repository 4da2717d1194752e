import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import type { Statement } from './records-statements.sql.js';

export type QueryPoolOptions = {
  /** The database file; each worker opens its own read-only connection to it. */
  file: string;
  log: Logger;
  /** A statement batch still running after this long is cancelled (the worker is terminated and replaced). */
  budgetMs: number;
  size?: number;
  /** Batches waiting for a worker beyond this are refused (503 queries_busy). */
  maxQueued?: number;
  /** An idle worker holds a connection and ~20 MB; it is stopped after this long without work. */
  idleMs?: number;
};

/** Rejection of a batch cancelled at its time budget; the records service turns it into 503 query_too_expensive. */
export class QueryOverBudget extends Error {
  constructor(readonly budgetMs: number) {
    super(`query cancelled after ${budgetMs} ms`);
  }
}

/**
 * One worker on 2 cores (the serving thread keeps the other), two from 3 cores on: measured with
 * bench:stalls, a second worker on 2 cores serves more expensive queries a second but competes with the
 * serving thread for the CPU.
 */
export const defaultPoolSize = () => Math.max(1, Math.min(2, os.availableParallelism() - 1));

type Job = { statements: Statement[]; resolve: (results: unknown[]) => void; reject: (err: Error) => void };
type Slot = { worker: Worker; ready: boolean; job: Job | null; jobId: number; timer: NodeJS.Timeout | null; idle: NodeJS.Timeout | null };
type FromWorker = { ready: true } | { id: number; results: unknown[] } | { id: number; error: string };

const busy = (message: string) => new ApiError(503, 'queries_busy', message, { headers: { 'Retry-After': '2' }, retry_after: 2 });

/**
 * A small pool of worker threads with read-only connections, for the records queries that would hold the
 * serving thread (scans and sorts of large versions, their exact totals). Each batch runs within a time
 * budget; one over it is cancelled by terminating its worker, which is replaced. Workers start on first use.
 */
export function createQueryPool(options: QueryPoolOptions) {
  const size = options.size ?? defaultPoolSize();
  const maxQueued = options.maxQueued ?? 32;
  const idleMs = options.idleMs ?? 30_000;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let terminating = 0;
  let nextId = 1;
  let stopped = false;

  function start(): Slot {
    const worker = new Worker(new URL('./query-worker.mjs', import.meta.url), { workerData: { file: options.file }, execArgv: [] });
    const slot: Slot = { worker, ready: false, job: null, jobId: 0, timer: null, idle: null };
    worker.on('message', (m: FromWorker) => {
      if ('ready' in m) {
        slot.ready = true;
        if (slot.job) arm(slot);
        return;
      }
      if (m.id !== slot.jobId || !slot.job) return;
      const job = release(slot);
      if ('error' in m) job.reject(new Error(`records query failed in a worker: ${m.error}`));
      else job.resolve(m.results);
      pump();
    });
    worker.on('error', (err) => options.log.error('records query worker failed', err));
    worker.on('exit', () => {
      const at = slots.indexOf(slot);
      if (at < 0) return;
      slots.splice(at, 1);
      if (slot.job) release(slot).reject(new Error('the records query worker exited'));
      pump();
    });
    slots.push(slot);
    return slot;
  }

  function release(slot: Slot): Job {
    const job = slot.job!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    slot.worker.unref();
    slot.idle = setTimeout(() => retire(slot), idleMs).unref();
    return job;
  }

  function retire(slot: Slot) {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    terminating++;
    void slot.worker.terminate().finally(() => terminating--);
  }

  function arm(slot: Slot) {
    slot.timer = setTimeout(() => {
      const job = slot.job;
      if (!job) return;
      slot.job = null;
      retire(slot);
      job.reject(new QueryOverBudget(options.budgetMs));
      pump();
    }, options.budgetMs);
  }

  function dispatch(slot: Slot, job: Job) {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.job = job;
    slot.jobId = nextId++;
    slot.worker.ref();
    slot.worker.postMessage({ id: slot.jobId, statements: job.statements });
    if (slot.ready) arm(slot);
  }

  function pump() {
    while (queue.length && !stopped) {
      const free = slots.find((s) => !s.job) ?? (slots.length < size ? start() : null);
      if (!free) return;
      dispatch(free, queue.shift()!);
    }
  }

  return {
    size,
    /** Runs the statements in order on one worker; `get` statements answer a value, `all` raw rows. */
    run(statements: Statement[]): Promise<unknown[]> {
      if (stopped) return Promise.reject(busy('The portal is shutting down.'));
      // Cancelled statements that SQLite has not yet let go of still use a core: do not add more.
      if (queue.length >= maxQueued || terminating >= size + 1) return Promise.reject(busy('The portal is answering as many expensive records queries as it can; try again shortly, or filter on an indexed field.'));
      return new Promise((resolve, reject) => {
        queue.push({ statements, resolve, reject });
        pump();
      });
    },
    /** Stops every worker; pending and queued batches are refused. */
    async stop(): Promise<void> {
      stopped = true;
      for (const job of queue.splice(0)) job.reject(busy('The portal is shutting down.'));
      for (const slot of slots) if (slot.job) release(slot).reject(busy('The portal is shutting down.'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
    get workers() {
      return slots.length;
    },
  };
}

export type QueryPool = ReturnType<typeof createQueryPool>;
