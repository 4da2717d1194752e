import { parentPort } from 'node:worker_threads';
import { ApiError } from '../../lib/errors.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { TableFile } from './read-table.js';
import { validateFile, type ValidRows, type ValidationSummary } from './validate-rows.js';

export type ValidationJob = { file: TableFile; schema: FieldSpec[] };
export type ToWorker = { type: 'job'; job: ValidationJob } | { type: 'ack' };
export type SerializedError = { status?: number; code?: string; message: string; extra?: ApiError['extra'] };
export type FromWorker =
  | { type: 'rows'; rows: ValidRows }
  | { type: 'done'; summary: ValidationSummary }
  | { type: 'failed'; error: SerializedError };

/** Batches sent but not yet inserted: enough to keep the inserting thread busy, few enough to bound memory. */
const maxInFlight = 3;
const port = parentPort!;
let inFlight = 0;
let credit: (() => void) | null = null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'ack') {
    inFlight--;
    credit?.();
  } else void run(m.job);
});

const post = (m: FromWorker) => port.postMessage(m);

async function run(job: ValidationJob) {
  inFlight = 0;
  try {
    const rows = validateFile(job.file, job.schema);
    for (let next = await rows.next(); ; next = await rows.next()) {
      if (next.done) {
        post({ type: 'done', summary: next.value });
        return;
      }
      post({ type: 'rows', rows: next.value });
      inFlight++;
      while (inFlight >= maxInFlight) await new Promise<void>((resolve) => { credit = resolve; });
    }
  } catch (err) {
    post({ type: 'failed', error: err instanceof ApiError ? { status: err.status, code: err.code, message: err.message, extra: err.extra } : { message: String((err as Error)?.stack ?? err) } });
  }
}
