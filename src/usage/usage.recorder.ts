import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { isPg } from '../db/engine.js';
import type { UsageEventInput, UsageRecorder } from './usage.types.js';
import { createConsumerHasher } from './usage.consumer.js';
import { createDoubleClickFilter } from './usage.dedupe.js';
import { doubleClickKinds } from './usage.rules.js';
import { createRobotCheck } from './usage.robots.js';
import type { StoredEvent } from './usage.writer.js';
import { createUsageWriter } from './usage.store.js';
import { backfillUniqueConsumers } from './usage-backfill.sql.js';
import { createSearchBuffer } from './search-log.js';
import { oneAtATime } from '../lib/one-at-a-time.js';

export type UsageRecorderOptions = {
  secret: string;
  now?: () => Date;
  /** DESIGN section 6: at least every second. */
  flushEveryMs?: number;
  /** A burst larger than this is written at once instead of waiting for the timer. */
  maxBuffered?: number;
  onError?: (err: unknown) => void;
  /** Each write of the buffer: how long it took and how many events (for /metrics). */
  onFlush?: (seconds: number, events: number) => void;
};

/** Events written a turn of the event loop (~2 ms on SQLite). */
const writeSlice = 400;

/**
 * Applies the counting rules in memory (consumer, robots, double clicks) and buffers what is left;
 * the buffer is written every second and on stop(), `writeSlice` events at a time, each slice one transaction with
 * its rollups. record() never touches the database, so counting adds no write to a request. On PostgreSQL, where a
 * consumer's repeats may reach different nodes, double clicks are buffered too and dropped by the writer, which
 * asks usage_clicks once per slice under the writers' lock.
 */
export async function createUsageRecorder(db: Db, options: UsageRecorderOptions): Promise<UsageRecorder> {
  const { secret, now = () => new Date(), flushEveryMs = 1000, maxBuffered = 20_000, onError = (err) => console.error('[usage] flush failed', err), onFlush } = options;
  try {
    await backfillUniqueConsumers(db);
  } catch (err) {
    onError(err); // the unique figures of older days stay 0 until a later start succeeds; counting goes on
  }
  const writer = createUsageWriter(db);
  const consumer = createConsumerHasher(secret);
  const firstOfDoubleClick = createDoubleClickFilter();
  const decidedByWriter = isPg(db);
  const isRobotAgent = createRobotCheck();
  let buffer: StoredEvent[] = [];
  // Catalog searches, written beside the events on the same timer (anonymous: no user or key passed to the hash).
  const searches = createSearchBuffer(db, { anonymousHash: (input, day) => consumer.consumerHash({ ip: input.ip, userAgent: input.userAgent }, day), isRobot: isRobotAgent, now, maxBuffered: maxBuffered * 5 });
  const flushSearches = (wait: boolean) => searches.flush(wait).catch(onError);

  /**
   * Writes what is buffered, after any write still under way (a flush returns once every use recorded before it is
   * written, even when the timer's write had taken the buffer a moment before). `wait`: false from the timer and
   * record(), which must never block the serving thread on the write lock.
   */
  const flush = oneAtATime<[wait?: boolean]>((wait = true) => writeBuffered(wait));
  let fullFlushQueued = false;

  async function writeBuffered(wait: boolean): Promise<void> {
    if (!buffer.length) return;
    const batch = buffer;
    buffer = [];
    let written = 0;
    const keep = () => (buffer = batch.slice(written).concat(buffer).slice(-maxBuffered * 5));
    const started = performance.now();
    try {
      // A slice a turn of the event loop, each one transaction with its rollups: on SQLite the write runs on the
      // serving thread (~5 µs an event), and a second of a busy API's calls as one transaction held it for tens of ms.
      for (let slice = batch.slice(0, writeSlice); slice.length; slice = batch.slice(written, written + writeSlice)) {
        if (written) await yieldToEventLoop();
        // Busy (a publish is building an index): the rest is kept for the next tick, within the same bound as the buffer.
        if (wait) await writer.write(slice);
        else if (!(await writer.tryWrite(slice))) return void keep();
        written += slice.length;
      }
      onFlush?.((performance.now() - started) / 1000, batch.length);
    } catch (err) {
      keep();
      throw err;
    }
  }

  async function flushQuietly(wait = true): Promise<void> {
    if (!writer.isOpen()) {
      buffer = [];
      return;
    }
    try {
      await flush(wait);
    } catch (err) {
      onError(err);
    }
  }

  // The timer and a full buffer never wait for the write lock; only stop() and an explicit flush() do.
  const timer = setInterval(() => void flushQuietly(false).then(() => flushSearches(false)), flushEveryMs);
  timer.unref();

  function record(input: UsageEventInput): void {
    const ts = input.ts ?? now().toISOString();
    const day = ts.slice(0, 10);
    const hash = input.consumerHash ?? consumer.consumerHash(input, day);
    // Events not made by an HTTP request (deliveries) pass no User-Agent at all and are no robot.
    const isRobot = input.userAgent === undefined ? false : isRobotAgent(input.userAgent);
    // On PostgreSQL the writer decides double clicks for all nodes at once (usage-clicks.sql.ts): this node's memory
    // cannot know what another node counted, and must not drop a fetch for a repeat the database then drops too.
    if (!decidedByWriter && doubleClickKinds.has(input.kind)) {
      const key = `${hash}|${input.datasetPk}|${input.version ?? ''}|${input.format ?? ''}|${input.kind}`;
      if (!firstOfDoubleClick(key, Date.parse(ts))) return;
    }
    buffer.push({
      ts,
      kind: input.kind,
      datasetPk: input.datasetPk,
      version: input.version ?? null,
      format: input.format ?? null,
      ownerDepartmentId: input.ownerDepartmentId,
      consumerDepartmentId: input.consumerDepartmentId || null,
      userId: input.userId ?? null,
      keyId: input.keyId ?? null,
      consumerHash: hash,
      uniqueConsumer: consumer.uniqueConsumer(input, day),
      isRobot,
      status: input.status,
      rows: input.rows ?? null,
      bytes: input.bytes ?? null,
      ms: input.ms === undefined || input.ms === null ? null : Math.round(input.ms),
      isDemo: false,
    });
    if (buffer.length >= maxBuffered && !fullFlushQueued) {
      fullFlushQueued = true;
      void flushQuietly(false).finally(() => (fullFlushQueued = false));
    }
  }

  return {
    record,
    buffered: () => buffer.length,
    search: searches.search,
    searchOpened: searches.markOpened,
    flush: async () => {
      await flush();
      await searches.flush();
    },
    async stop() {
      clearInterval(timer);
      await flushQuietly();
      await flushSearches(true);
    },
  };
}

/** KAIFANG_USAGE=off (and `usage: false`): nothing is recorded; used to measure what counting costs. */
export const disabledUsageRecorder: UsageRecorder = { record: () => {}, search: () => null, searchOpened: () => {}, flush: async () => {}, stop: async () => {} };
