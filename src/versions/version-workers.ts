import { Worker, type Transferable } from 'node:worker_threads';
import { ApiError } from '../lib/errors.js';
import { workerUrl } from '../lib/worker-url.js';
import { keepsWorker } from '../lib/worker-heap.js';
import { crashError, workerHeapMb } from './publish/validated-rows.js';
import type { FromVersionWorker, VersionJob } from './version-worker.js';

/**
 * Idle workers kept for the next publish (publishes come in bursts, at month ends): a start costs a few hundred
 * milliseconds from the sources (the TypeScript loader), an idle worker 35 MB, one that has written a
 * million-row version's files ~110 MB until it ends. Two run at once in a publish, so two are kept, five minutes;
 * a worker whose heap a large job grew is ended instead (see worker-heap.ts).
 */
const maxIdle = 2;
const idleMs = 5 * 60_000;

/**
 * A publish's file is read in a version worker, so these have the validation worker's heap limit: a file that
 * needs more ends its worker alone, as the uploader's 422 (writing a million-row version's files takes ~100 MB).
 * The young generation is two thirds of V8's default: in a million-row publish (two busy workers) that put the peak
 * at 361 MB instead of 406 for the same time (7.4x `.import`); half of it saved 25 MB more but took 1 s longer.
 */
const resourceLimits = { maxOldGenerationSizeMb: workerHeapMb, maxYoungGenerationSizeMb: 32 };

export type RunningJob<T> = { result: Promise<T>; abort: () => void };

/** One app's version workers (createApp builds it; `close` is part of the app's close). */
export type VersionWorkerPool = {
  /** Runs one job in a worker; `abort` asks it to stop at its next batch or statement (its promise then rejects). */
  run<T>(job: VersionJob, transfer?: Transferable[]): RunningJob<T>;
  /** Starts workers ahead of need (an upload has begun), so their start overlaps the transfer. */
  warm(count?: number): void;
  /** Ends the idle workers now (their heaps go back to the system) and those still busy when their job ends. */
  close(): Promise<void>;
};

export function createVersionWorkerPool(): VersionWorkerPool {
  const idle: Worker[] = [];
  const idleTimers = new WeakMap<Worker, NodeJS.Timeout>();
  let closed = false; // after close(), a worker that finishes its job ends instead of waiting

  function startWorker(): Worker {
    const w = new Worker(workerUrl(import.meta.url, 'version-worker'), { execArgv: [], resourceLimits });
    w.on('error', () => {}); // a job's own listener reports it; an idle worker that fails is just dropped
    w.on('exit', () => {
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
    });
    return w;
  }

  function park(w: Worker): void {
    if (closed || idle.length >= maxIdle) {
      void w.terminate();
      return;
    }
    w.unref();
    idle.push(w);
    idleTimers.set(w, setTimeout(() => {
      const i = idle.indexOf(w);
      if (i >= 0) {
        idle.splice(i, 1);
        void w.terminate();
      }
    }, idleMs).unref());
  }

  function takeWorker(): Worker {
    const w = idle.pop() ?? startWorker();
    clearTimeout(idleTimers.get(w));
    w.ref();
    return w;
  }

  function run<T>(job: VersionJob, transfer: Transferable[] = []): RunningJob<T> {
    const worker = takeWorker();
    let settled = false;
    const result = new Promise<T>((resolve, reject) => {
      const settle = (reusable: boolean, outcome: () => void) => {
        settled = true;
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (reusable) park(worker);
        else void worker.terminate();
        outcome();
      };
      const onMessage = (m: FromVersionWorker) => {
        const reusable = keepsWorker(m.heapBytes);
        if (m.type === 'done') settle(reusable, () => resolve(m.result as T));
        else settle(reusable, () => reject(m.error.status ? new ApiError(m.error.status as ApiError['status'], m.error.code!, m.error.message, m.error.extra) : new Error(`version worker: ${m.error.message}`)));
      };
      const onError = (error: Error) => settle(false, () => reject(job.kind === 'ingest' ? crashError(error) : error));
      const onExit = (code: number) => settle(false, () => reject(new Error(`version worker exited with code ${code}`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ type: 'job', job }, transfer);
    });
    return { result, abort: () => { if (!settled) worker.postMessage({ type: 'abort' }); } };
  }

  return {
    run,
    warm(count = maxIdle) {
      while (idle.length < Math.min(count, maxIdle)) park(startWorker());
    },
    async close() {
      closed = true;
      const stopping = idle.splice(0);
      for (const w of stopping) clearTimeout(idleTimers.get(w));
      await Promise.all(stopping.map((w) => w.terminate()));
    },
  };
}
