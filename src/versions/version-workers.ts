import { Worker, type Transferable } from 'node:worker_threads';
import { ApiError } from '../lib/errors.js';
import { workerUrl } from '../lib/worker-url.js';
import { keepsWorker } from '../lib/worker-heap.js';
import { crashError, workerHeapMb } from './publish/validated-rows.js';
import type { FromVersionWorker, VersionJob } from './version-worker.js';

/**
 * Idle workers kept for the next publish (publishes come in bursts, at month ends): a start costs a few hundred
 * milliseconds from the sources (the TypeScript loader), an idle worker 35 MB, one that has written a
 * million-row version's files ~110 MB until it ends. Two run at once in a publish (the ingest's and the files'), so
 * one of each kind (see `Need`) is kept, five minutes; a worker whose heap a large job grew is ended instead (see
 * worker-heap.ts).
 */
const idleMs = 5 * 60_000;

/**
 * The young generation is two thirds of V8's default: in a million-row publish (two busy workers) that put the peak
 * at 361 MB instead of 406 for the same time (7.4x `.import`); half of it saved 25 MB more but took 1 s longer.
 */
const youngMb = 32;

/**
 * Below 2 GB, V8 lets a heap grow by less before it collects (x1.6 at 1 GB, x4 above 2 GB): with V8's default limit
 * the files worker took ~40 MB more at a million rows. Still far above what a page of the widest rows needs.
 */
const wideHeapMb = 1024;

/**
 * What a job's worker must be. The ingest reads an uploaded file, so it has the validation worker's heap limit: a
 * file that needs more ends its worker alone, as the uploader's 422. The files and the quality profile hold pages
 * and distinct values of rows of any width, so they get a larger one (`wideHeapMb`); the rest runs in either.
 */
type Need = 'capped' | 'plain' | 'any';
const needOf = (job: VersionJob): Need => (job.kind === 'ingest' ? 'capped' : job.kind === 'artifacts' || job.kind === 'quality' ? 'plain' : 'any');

export type RunningJob<T> = { result: Promise<T>; abort: () => void };

/** One app's version workers (createApp builds it; `close` is part of the app's close). */
export type VersionWorkerPool = {
  /** Runs one job in a worker; `abort` asks it to stop at its next batch or statement (its promise then rejects). */
  run<T>(job: VersionJob, transfer?: Transferable[]): RunningJob<T>;
  /** Starts a publish's two workers ahead of need (an upload has begun), so their start overlaps the transfer. */
  warm(): void;
  /** Ends the idle workers now (their heaps go back to the system) and those still busy when their job ends. */
  close(): Promise<void>;
};

export function createVersionWorkerPool(): VersionWorkerPool {
  const idle: Worker[] = [];
  const capped = new WeakSet<Worker>();
  const idleTimers = new WeakMap<Worker, NodeJS.Timeout>();
  let closed = false; // after close(), a worker that finishes its job ends instead of waiting

  function startWorker(heapCapped: boolean): Worker {
    const resourceLimits = { maxOldGenerationSizeMb: heapCapped ? workerHeapMb : wideHeapMb, maxYoungGenerationSizeMb: youngMb };
    const w = new Worker(workerUrl(import.meta.url, 'version-worker'), { execArgv: [], resourceLimits });
    if (heapCapped) capped.add(w);
    w.on('error', () => {}); // a job's own listener reports it; an idle worker that fails is just dropped
    w.on('exit', () => {
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
    });
    return w;
  }

  function park(w: Worker): void {
    if (closed || idle.some((other) => capped.has(other) === capped.has(w))) {
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

  function takeWorker(need: Need): Worker {
    const i = idle.findLastIndex((w) => need === 'any' || capped.has(w) === (need === 'capped'));
    const w = i >= 0 ? idle.splice(i, 1)[0]! : startWorker(need === 'capped');
    clearTimeout(idleTimers.get(w));
    w.ref();
    return w;
  }

  function run<T>(job: VersionJob, transfer: Transferable[] = []): RunningJob<T> {
    const worker = takeWorker(needOf(job));
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
    warm() {
      // The ingest's (heap-capped) and the files'.
      for (const heapCapped of [true, false]) if (!idle.some((w) => capped.has(w) === heapCapped)) park(startWorker(heapCapped));
    },
    async close() {
      closed = true;
      const stopping = idle.splice(0);
      for (const w of stopping) clearTimeout(idleTimers.get(w));
      await Promise.all(stopping.map((w) => w.terminate()));
    },
  };
}
