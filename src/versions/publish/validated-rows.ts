import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../lib/errors.js';
import { tableBatches } from './read-table.js';
import { validateRows, type ValidRows, type ValidationSummary } from './validate-rows.js';
import type { FromWorker, SerializedError, ValidationJob } from './validate-worker.js';

/** Below this size a worker's round trip costs more than it saves. */
export const workerFromBytes = 1 << 20;
/** An idle worker holds ~30 MB; publishes come in bursts (month ends), so it is kept a while, not forever. */
const idleMs = 5 * 60_000;

let idle: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;

function park(w: Worker) {
  idle = w;
  w.unref();
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { if (idle === w) { idle = null; void w.terminate(); } }, idleMs).unref();
}

function takeWorker(): Worker {
  const w = idle ?? startWorker();
  idle = null;
  w.ref();
  return w;
}

function startWorker(): Worker {
  const w = new Worker(new URL('./validate-worker.mjs', import.meta.url), { execArgv: [] });
  w.on('error', () => {}); // a job's own listener reports it; an idle worker that fails is just dropped
  w.on('exit', () => { if (idle === w) idle = null; });
  return w;
}

/** Starts the worker ahead of need (an upload has begun), so its ~150 ms start overlaps the transfer. */
export function warmValidator(): void {
  if (!idle) park(startWorker());
}

function revive(e: SerializedError): Error {
  return e.status ? new ApiError(e.status as ApiError['status'], e.code!, e.message, e.extra) : new Error(`validation worker: ${e.message}`);
}

/**
 * Parsing and checking run in a worker thread while the caller inserts: on two cores this hides most
 * of the parse and type checks behind the inserts. The caller's pace drives the worker (an ack per
 * batch), so a slow disk never lets batches pile up. A job that ends early terminates its worker.
 */
async function* validateInWorker(job: ValidationJob): AsyncGenerator<ValidRows, ValidationSummary> {
  const worker = takeWorker();
  const inbox: (FromWorker | { type: 'crashed'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: (typeof inbox)[number]) => { inbox.push(m); wake?.(); };
  const onMessage = (m: FromWorker) => deliver(m);
  const onError = (error: Error) => deliver({ type: 'crashed', error });
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
        reusable = true;
        return m.summary;
      } else if (m.type === 'failed') {
        reusable = true; // the job ended cleanly, with a refusal
        throw revive(m.error);
      } else throw m.error;
    }
  } finally {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    if (reusable && !idle) park(worker);
    else void worker.terminate();
  }
}

/** The file's valid rows, typed for storage, a batch at a time; the summary (count, order, problems) at the end. */
export function validatedRows(job: ValidationJob, opts: { workerFromBytes?: number } = {}): AsyncGenerator<ValidRows, ValidationSummary> {
  const big = fs.statSync(job.file.path).size >= (opts.workerFromBytes ?? workerFromBytes);
  return big ? validateInWorker(job) : validateRows(job.schema, tableBatches(job.file));
}
