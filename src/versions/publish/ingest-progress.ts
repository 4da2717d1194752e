/**
 * How far a publish's ingest has come, shared between threads (a SharedArrayBuffer), so the worker writing the
 * files can read rows as soon as their batch is committed instead of after the last one:
 * [0] the state (running, done, stopped), [1] a counter moved by every committed batch and every change of state.
 */
export type IngestProgress = Int32Array;

// 0: running
const done = 1;
const stopped = 2;

export const createIngestProgress = (): IngestProgress => new Int32Array(new SharedArrayBuffer(8));

function bump(progress: IngestProgress): void {
  Atomics.add(progress, 1, 1);
  Atomics.notify(progress, 1);
}

/** The ingest committed a batch (its rows are readable by other connections). */
export const batchCommitted = bump;

/** Every row is in, in `_rowid` order (no rebuild): a reader that reads to the end now has all of them. */
export function ingestDone(progress: IngestProgress): void {
  Atomics.store(progress, 0, done);
  bump(progress);
}

/** The ingest failed, or its rows came out of key order (it will rebuild the table): what was read so far is not the version. */
export function ingestStopped(progress: IngestProgress): void {
  Atomics.store(progress, 0, stopped);
  bump(progress);
}

/** Where the ingest stands now; `seen` is passed back to `waitForIngest` to wait for anything after it. */
export function ingestState(progress: IngestProgress): { state: 'running' | 'done'; seen: number } {
  const seen = Atomics.load(progress, 1);
  const state = Atomics.load(progress, 0);
  if (state === stopped) throw new Error('the ingest stopped');
  return { state: state === done ? 'done' : 'running', seen };
}

/** Resolves once a batch was committed or the state changed after `seen` (the event loop keeps turning meanwhile). */
export async function waitForIngest(progress: IngestProgress, seen: number): Promise<void> {
  const waiting = Atomics.waitAsync(progress, 1, seen, 1000);
  if (waiting.async) await waiting.value;
}
