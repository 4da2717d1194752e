import type { StreamingApi } from 'hono/utils/stream';
import { ApiError } from '../lib/errors.js';
import type { Row } from '../versions/rows/index.js';

export type StreamLimits = { perKey: number; total: number };
/** Whole-result (`limit=all`) streams at once: per API key, and for the whole portal. */
export const streamLimits: StreamLimits = { perKey: 2, total: 8 };
const retryAfterSeconds = 5;
/** A client that reads nothing for this long gives its slot back. */
const stallMs = 60_000;
/** Rows are read and encoded in chunks of about this many milliseconds, then the event loop runs. */
const chunkBudgetMs = 2;

/**
 * Counts open whole-result streams. Each one reads the database on the serving thread between other
 * requests; capped, a key (or many keys) cannot crowd out everyone else. Over a cap: 429 for the key,
 * 503 for the portal, both with `Retry-After`.
 */
export function createStreamSlots(limits: StreamLimits = streamLimits) {
  const byKey = new Map<string, number>();
  let open = 0;
  return {
    /** Takes a slot for `keyId`; the returned function gives it back (calling it twice is harmless). */
    acquire(keyId: string): () => void {
      const mine = byKey.get(keyId) ?? 0;
      const headers = { 'Retry-After': String(retryAfterSeconds) };
      if (mine >= limits.perKey) {
        throw new ApiError(429, 'too_many_streams', `This key already has ${mine} whole-result (limit=all) streams open, the most allowed at once; wait for one to finish, or page with limit and cursor.`, { headers, retry_after: retryAfterSeconds, limit: limits.perKey });
      }
      if (open >= limits.total) {
        throw new ApiError(503, 'streams_busy', `The portal is serving ${open} whole-result (limit=all) streams, the most it serves at once; try again shortly, or page with limit and cursor.`, { headers, retry_after: retryAfterSeconds });
      }
      byKey.set(keyId, mine + 1);
      open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        const left = (byKey.get(keyId) ?? 1) - 1;
        if (left > 0) byKey.set(keyId, left);
        else byKey.delete(keyId);
      };
    },
    get open() {
      return open;
    },
  };
}

export type StreamSlots = ReturnType<typeof createStreamSlots>;

/**
 * A walk over a whole result, read a chunk at a time: here (`limit` rows, sized by the pump), or, when
 * `offThread`, by a worker in chunks of its own size while this thread serves others, handed out `limit` at a time.
 */
export type RowWalk = { read: (limit: number) => Row[] | Promise<Row[]>; readonly done: boolean; readonly offThread?: boolean };
type Encoder = { head: () => string; rows: (rows: Row[]) => string };

/**
 * Turns of the event loop shared by all streams: one chunk of one stream per turn, whoever's turn it
 * is. Each stream yielding with its own setImmediate would run all of them back to back in one check
 * phase, and other requests would wait for the sum of their chunks.
 */
export function createTurns(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const tick = () => {
    waiting.shift()?.();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(tick);
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(tick);
      }
    });
}

/** A write the client does not take within `stallMs` aborts the stream (its slot is then released). */
async function writeOrAbort(s: StreamingApi, text: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      s.abort();
      resolve();
    }, stallMs);
  });
  await Promise.race([s.write(text), stalled]);
  clearTimeout(timer);
}

/**
 * Writes the whole walk to `s`: chunks sized to take ~2 ms to read and encode, each in its own turn
 * of the event loop (so other requests are served between chunks) and written only when the
 * client has taken the previous one (backpressure). Stops when the client goes away.
 */
export async function pumpRows(s: StreamingApi, walk: RowWalk, encoder: Encoder, nextTurn: () => Promise<void>): Promise<void> {
  await writeOrAbort(s, encoder.head());
  let size = 100;
  while (!walk.done && !s.aborted) {
    // A walk off the thread is read by a worker while this thread serves: only its slice's encoding is timed here.
    const fromWorker = walk.offThread ? await walk.read(size) : null;
    await nextTurn();
    const started = performance.now();
    const text = encoder.rows(fromWorker ?? (await walk.read(size) as Row[]));
    const ms = performance.now() - started;
    size = Math.round(Math.min(5000, Math.max(10, size * Math.min(2, Math.max(0.5, chunkBudgetMs / Math.max(ms, 0.05))))));
    await writeOrAbort(s, text);
  }
}
