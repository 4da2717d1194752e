import { isDbOpen, writeWithoutWaiting, type Db } from '../db/client.js';
import { addToRollup, uniqueKey, type Rollup, type StoredEvent } from './usage.writer.js';

// The usage tables (usage_events, usage_daily, usage_unique) as written, and the reads of raw events.

const columns = 'ts, kind, dataset_pk, version, format, owner_department_id, consumer_department_id, user_id, key_id, consumer_hash, unique_consumer, is_robot, status, rows, bytes, ms, is_demo';
const perRow = `(${columns.split(',').map(() => '?').join(', ')})`;

const values = (e: StoredEvent) => [
  e.ts, e.kind, e.datasetPk, e.version, e.format, e.ownerDepartmentId, e.consumerDepartmentId, e.userId, e.keyId,
  e.consumerHash, e.uniqueConsumer, e.isRobot ? 1 : 0, e.status, e.rows, e.bytes, e.ms, e.isDemo ? 1 : 0,
];

/**
 * Writes events and their daily rollups in one transaction, so usage_daily always equals what
 * usage_events says. A counted event whose (day, dataset, kind, unique consumer) is not yet in
 * usage_unique inserts it there and adds one to the uniques of its rollup (the row of the consumer's
 * first use that day): unique figures need no COUNT(DISTINCT) when read, and no memory beyond the table.
 * (One prepared single-row INSERT per event measured faster than multi-row statements here: building
 * the long parameter arrays costs more than the calls they save.)
 */
export function createUsageWriter(db: Db) {
  const sqlite = db.$client;
  const insertOne = sqlite.prepare(`INSERT INTO usage_events (${columns}) VALUES ${perRow}`);
  const upsert = sqlite.prepare(
    `INSERT INTO usage_daily (day, dataset_pk, kind, consumer_department_id, count, robots, rows, bytes, uniques, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (day, dataset_pk, kind, consumer_department_id) DO UPDATE SET
       count = count + excluded.count, robots = robots + excluded.robots, rows = rows + excluded.rows,
       bytes = bytes + excluded.bytes, uniques = uniques + excluded.uniques, is_demo = is_demo AND excluded.is_demo`,
  );
  const insertUnique = sqlite.prepare('INSERT OR IGNORE INTO usage_unique (day, dataset_pk, kind, consumer) VALUES (?, ?, ?, ?)');

  const upsertAll = (rollups: Iterable<Rollup>) => {
    for (const r of rollups) upsert.run(r.day, r.datasetPk, r.kind, r.consumer, r.count, r.robots, r.rows, r.bytes, r.uniques, r.isDemo ? 1 : 0);
  };
  const write = sqlite.transaction((events: StoredEvent[]) => {
    const byKey = new Map<string, Rollup>();
    // A busy key calls the same dataset many times a second: within a batch, only its first call asks the table.
    const askedInBatch = new Set<string>();
    const isFirstOfDay = (e: StoredEvent): boolean => {
      const unique = uniqueKey(e);
      if (!unique) return false;
      const asked = unique.join('|');
      if (askedInBatch.has(asked)) return false;
      askedInBatch.add(asked);
      return insertUnique.run(...unique).changes === 1;
    };
    for (const e of events) {
      insertOne.run(values(e));
      addToRollup(byKey, e, isFirstOfDay(e));
    }
    upsertAll(byKey.values());
  });
  const upsertRollups = sqlite.transaction(upsertAll);

  return {
    async write(events: StoredEvent[]): Promise<void> {
      if (!events.length) return;
      write(events);
    },
    /** write(), unless another connection holds the write lock: false then, and nothing is written. */
    async tryWrite(events: StoredEvent[]): Promise<boolean> {
      return writeWithoutWaiting(db, () => {
        if (events.length) write(events);
      });
    },
    /** False once the connection is closed (a timer firing after shutdown must not touch it). */
    isOpen: (): boolean => isDbOpen(db),
    /** For bulk loads that insert their own events (the demo history): adds their rollups. */
    async upsertRollups(rollups: Iterable<Rollup>): Promise<void> {
      upsertRollups(rollups);
    },
    /** Inserts events without their rollups, inside the caller's transaction (the demo history adds rollups itself). */
    async insertEvents(events: StoredEvent[]): Promise<void> {
      for (const e of events) insertOne.run(values(e));
    },
  };
}

/**
 * The newest event's id: usage_events is append-only and its writes (events with their rollups) are one
 * transaction, so a new id means new figures, whichever app or process wrote them. One primary-key read.
 */
export const lastEventId = async (db: Db): Promise<number> => (db.$client.prepare('SELECT MAX(id) FROM usage_events').pluck().get() as number | null) ?? 0;

export const hasDemoUsage = async (db: Db): Promise<boolean> => Boolean(db.$client.prepare('SELECT 1 FROM usage_events WHERE is_demo = 1 LIMIT 1').get());

export type KeyDayUse = { key_id: string; day: string; calls: number; errors: number; rows: number; bytes: number };

/** API calls per key and day (2xx as calls, 4xx/5xx as errors), from the raw events of [start, end). */
export async function selectKeyDays(db: Db, keyIds: string[], start: string, end: string): Promise<KeyDayUse[]> {
  if (!keyIds.length) return [];
  return db.$client
    .prepare(
      `SELECT key_id, substr(ts, 1, 10) AS day, SUM(status BETWEEN 200 AND 299) AS calls, SUM(status >= 400) AS errors,
              COALESCE(SUM(CASE WHEN status BETWEEN 200 AND 299 THEN rows END), 0) AS rows, COALESCE(SUM(CASE WHEN status BETWEEN 200 AND 299 THEN bytes END), 0) AS bytes
         FROM usage_events
        WHERE kind = 'api' AND key_id IN (${keyIds.map(() => '?').join(', ')}) AND ts >= ? AND ts < ?
        GROUP BY key_id, day ORDER BY key_id, day`,
    )
    .all(...keyIds, start, end) as KeyDayUse[];
}
