import { parentPort, type MessagePort } from 'node:worker_threads';
import { ApiError } from '../../lib/errors.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { TableFile } from './read-table.js';
import { validateFile, type ValidRows, type ValidationSummary } from './validate-rows.js';
import { yieldCpuToServingThread } from '../../lib/thread-priority.js';
import { heapBytes } from '../../lib/worker-heap.js';

export type ValidationJob = { file: TableFile; schema: FieldSpec[] };
/** `port`: send the rows there (the worker that inserts them) instead of to the thread that started the job. */
export type ToWorker = { type: 'job'; job: ValidationJob; port?: MessagePort } | { type: 'ack' };
export type SerializedError = { status?: number; code?: string; message: string; extra?: ApiError['extra'] };
export type FromWorker =
  | { type: 'rows'; rows: ValidRows }
  | { type: 'done'; summary: ValidationSummary; heapBytes: number }
  | { type: 'failed'; error: SerializedError; heapBytes: number };
/** Told to the starting thread when a job sent to a port has ended (the worker is free again). */
export type JobEnded = { type: 'ended'; heapBytes: number };

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
  else void run(m.job, m.port);
});

const serializeError = (err: unknown): SerializedError =>
  err instanceof ApiError ? { status: err.status, code: err.code, message: err.message, extra: err.extra } : { message: String((err as Error)?.stack ?? err) };

async function run(job: ValidationJob, out?: MessagePort) {
  inFlight = 0;
  const target = out ?? port;
  const post = (m: FromWorker) => target.postMessage(m);
  let abandoned = false; // the inserting side stopped (its insert failed, or it was told to): stop reading
  if (out) {
    out.on('message', (m: ToWorker) => { if (m.type === 'ack') onAck(); });
    out.on('close', () => { abandoned = true; credit?.(); });
  }
  const rows = validateFile(job.file, job.schema);
  try {
    for (let next = await rows.next(); ; next = await rows.next()) {
      if (abandoned) {
        await rows.return(undefined as never);
        return;
      }
      if (next.done) {
        post({ type: 'done', summary: next.value, heapBytes: heapBytes() });
        return;
      }
      post({ type: 'rows', rows: next.value });
      inFlight++;
      while (inFlight >= maxInFlight && !abandoned) await new Promise<void>((resolve) => { credit = resolve; });
    }
  } catch (err) {
    post({ type: 'failed', error: serializeError(err), heapBytes: heapBytes() });
  } finally {
    if (out) {
      out.close();
      port.postMessage({ type: 'ended', heapBytes: heapBytes() } satisfies JobEnded);
    }
  }
}
