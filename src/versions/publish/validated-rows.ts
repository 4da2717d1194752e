import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../lib/errors.js';
import { workerUrl } from '../../lib/worker-url.js';
import { keepsWorker } from '../../lib/worker-heap.js';
import { validateFile, type ValidRows, type ValidationSummary } from './validate-rows.js';
import type { FromWorker, SerializedError, ValidationJob } from './validate-worker.js';

/** Below this size a worker's round trip costs more than it saves (but every XLSX goes to the worker: see xlsx-limits.ts). */
export const workerFromBytes = 1 << 20;
/**
 * The worker's heap: a backstop for what no check foresaw (the XLSX limits keep real workbooks well
 * under it). A worker that reaches it dies alone, the upload gets 422 `file_too_complex`, and the
 * next upload starts a fresh worker.
 */
export const workerHeapMb = 256;
/** An idle worker holds ~30 MB; publishes come in bursts (month ends), so it is kept a while, not forever. */
const idleMs = 5 * 60_000;

/**
 * One app's validation worker (createApp builds it): at most one kept idle. A publish reads its file in the version
 * worker that inserts the rows (with the same heap limit); this pool serves `ingestRows` (a repair's re-ingest).
 */
export type ValidationWorkerPool = {
  /** The file's valid rows from the worker, a batch at a time; the summary at the end. */
  validate(job: ValidationJob): AsyncGenerator<ValidRows, ValidationSummary>;
  /** Ends the idle worker now, and a busy one when its job ends. */
  close(): Promise<void>;
};

function revive(e: SerializedError): Error {
  return e.status ? new ApiError(e.status as ApiError['status'], e.code!, e.message, e.extra) : new Error(`validation worker: ${e.message}`);
}

/**
 * A worker killed by its heap limit was given a file too large in memory for its size: the uploader's problem, not a
 * 500 (the version worker that reads a publish's file has the same limit).
 */
export function crashError(error: Error): Error {
  if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  return new ApiError(422, 'file_too_complex', `Reading this file needed more than the ${workerHeapMb} MB a publish may use; nothing was published. Split it, or upload it as CSV.`);
}

export function createValidationWorkerPool(): ValidationWorkerPool {
  let idle: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  function park(w: Worker) {
    idle = w;
    w.unref();
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => { if (idle === w) { idle = null; void w.terminate(); } }, idleMs).unref();
  }

  /** A worker whose job ended cleanly waits for the next one, unless one waits already or the pool is closed. */
  function release(w: Worker, reusable: boolean) {
    if (reusable && !idle && !closed) park(w);
    else void w.terminate();
  }

  function takeWorker(): Worker {
    const w = idle ?? startWorker();
    idle = null;
    w.ref();
    return w;
  }

  function startWorker(): Worker {
    const w = new Worker(workerUrl(import.meta.url, 'validate-worker'), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: workerHeapMb } });
    w.on('error', () => {}); // a job's own listener reports it; an idle worker that fails is just dropped
    w.on('exit', () => { if (idle === w) idle = null; });
    return w;
  }

  /**
   * Parsing and checking run in a worker thread while the caller inserts: on two cores this hides most
   * of the parse and type checks behind the inserts. The caller's pace drives the worker (an ack per
   * batch), so a slow disk never lets batches pile up. A job that ends early terminates its worker.
   */
  async function* validate(job: ValidationJob): AsyncGenerator<ValidRows, ValidationSummary> {
    const worker = takeWorker();
    const inbox: (FromWorker | { type: 'crashed'; error: Error })[] = [];
    let wake: (() => void) | null = null;
    const deliver = (m: (typeof inbox)[number]) => { inbox.push(m); wake?.(); };
    const onMessage = (m: FromWorker) => deliver(m);
    const onError = (error: Error) => deliver({ type: 'crashed', error: crashError(error) });
    const onExit = (code: number) => deliver({ type: 'crashed', error: new Error(`validation worker exited with code ${code}`) });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    let reusable = false;
    try {
      worker.postMessage({ type: 'job', job });
      for (;;) {
        while (!inbox.length) await new Promise<void>((resolve) => { wake = resolve; });
        const m = inbox.shift()!;
        if (m.type === 'rows') {
          yield m.rows;
          worker.postMessage({ type: 'ack' });
        } else if (m.type === 'done') {
          reusable = keepsWorker(m.heapBytes);
          return m.summary;
        } else if (m.type === 'failed') {
          reusable = keepsWorker(m.heapBytes); // the job ended cleanly, with a refusal
          throw revive(m.error);
        } else throw m.error;
      }
    } finally {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      release(worker, reusable);
    }
  }

  return {
    validate,
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const w = idle;
      idle = null;
      await w?.terminate();
    },
  };
}

/** Files this size and up (and every XLSX) are validated in the heap-capped worker. */
export const needsValidationWorker = (file: { path: string; format: string }, fromBytes = workerFromBytes) =>
  file.format === 'xlsx' || fs.statSync(file.path).size >= fromBytes;

/** The file's valid rows, typed for storage, a batch at a time; the summary (count, order, problems) at the end. */
export function validatedRows(validators: Pick<ValidationWorkerPool, 'validate'>, job: ValidationJob, opts: { workerFromBytes?: number } = {}): AsyncGenerator<ValidRows, ValidationSummary> {
  return needsValidationWorker(job.file, opts.workerFromBytes) ? validators.validate(job) : validateFile(job.file, job.schema);
}
