import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../lib/errors.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { TableFile } from './read-table.js';
import { validateFile, type ValidRows, type ValidationSummary } from './validate-rows.js';
import { yieldCpuToServingThread } from '../../lib/thread-priority.js';
import { heapBytes } from '../../lib/worker-heap.js';

export type ValidationJob = { file: TableFile; schema: FieldSpec[] };
export type ToWorker = { type: 'job'; job: ValidationJob } | { type: 'ack' };
export type SerializedError = { status?: number; code?: string; message: string; extra?: ApiError['extra'] };
export type FromWorker =
  | { type: 'rows'; rows: ValidRows }
  | { type: 'done'; summary: ValidationSummary; heapBytes: number }
  | { type: 'failed'; error: SerializedError; heapBytes: number };

/** Batches sent but not yet inserted: enough to keep the inserting thread busy, few enough to bound memory. */
const maxInFlight = 3;
const port = parentPort!;
yieldCpuToServingThread();
let inFlight = 0;
let credit: (() => void) | null = null;

const onAck = () => {
  inFlight--;
  credit?.();
};

port.on('message', (m: ToWorker) => {
  if (m.type === 'ack') onAck();
  else void run(m.job);
});

const serializeError = (err: unknown): SerializedError =>
  err instanceof ApiError ? { status: err.status, code: err.code, message: err.message, extra: err.extra } : { message: String((err as Error)?.stack ?? err) };

async function run(job: ValidationJob) {
  inFlight = 0;
  const post = (m: FromWorker) => port.postMessage(m);
  const rows = validateFile(job.file, job.schema);
  try {
    for (let next = await rows.next(); ; next = await rows.next()) {
      if (next.done) {
        post({ type: 'done', summary: next.value, heapBytes: heapBytes() });
        return;
      }
      post({ type: 'rows', rows: next.value });
      inFlight++;
      while (inFlight >= maxInFlight) await new Promise<void>((resolve) => { credit = resolve; });
    }
  } catch (err) {
    post({ type: 'failed', error: serializeError(err), heapBytes: heapBytes() });
  }
}
