import { sql } from 'drizzle-orm';
import { isDbOpen, writeWithoutWaiting, type SqliteDb } from '../db/client.js';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { createPgUsageWriter } from './usage-pg-writer.store.js';
import { addToRollup, uniqueKey, type Rollup, type StoredEvent } from './usage.writer.js';

// The usage tables (usage_events, usage_daily, usage_unique) as written, and the reads of raw events. The writer on
// SQLite (prepared statements, one synchronous transaction) is here; on PostgreSQL, usage-pg-writer.store.ts.

const columns = 'ts, kind, dataset_pk, version, format, owner_department_id, consumer_department_id, user_id, key_id, consumer_hash, unique_consumer, is_robot, status, rows, bytes, ms, is_demo';
const perRow = `(${columns.split(',').map(() => '?').join(', ')})`;

const values = (e: StoredEvent) => [
  e.ts, e.kind, e.datasetPk, e.version, e.format, e.ownerDepartmentId, e.consumerDepartmentId, e.userId, e.keyId,
  e.consumerHash, e.uniqueConsumer, e.isRobot ? 1 : 0, e.status, e.rows, e.bytes, e.ms, e.isDemo ? 1 : 0,
];

export type UsageWriter = {
  write(events: StoredEvent[]): Promise<void>;
  /** write(), unless another connection holds SQLite's write lock: false then, and nothing is written. */
  tryWrite(events: StoredEvent[]): Promise<boolean>;
  /** False once the connection is closed (a timer firing after shutdown must not touch it). */
  isOpen(): boolean;
  /** For bulk loads that insert their own events (the demo history): adds their rollups. */
  upsertRollups(rollups: Iterable<Rollup>): Promise<void>;
  /** Inserts events without their rollups, inside the caller's transaction (the demo history adds rollups itself). */
  insertEvents(events: StoredEvent[]): Promise<void>;
};

export const createUsageWriter = (db: AnyDb): UsageWriter => (isPg(db) ? createPgUsageWriter(db) : createSqliteUsageWriter(db));

/**
 * Writes events and their daily rollups in one transaction, so usage_daily always equals what
 * usage_events says. A counted event whose (day, dataset, kind, unique consumer) is not yet in
 * usage_unique inserts it there and adds one to the uniques of its rollup (the row of the consumer's
 * first use that day): unique figures need no COUNT(DISTINCT) when read, and no memory beyond the table.
 * (One prepared single-row INSERT per event measured faster than multi-row statements here: building
 * the long parameter arrays costs more than the calls they save.)
 */
function createSqliteUsageWriter(db: SqliteDb): UsageWriter {
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
    async tryWrite(events: StoredEvent[]): Promise<boolean> {
      return writeWithoutWaiting(db, () => {
        if (events.length) write(events);
      });
    },
    isOpen: (): boolean => isDbOpen(db),
    async upsertRollups(rollups: Iterable<Rollup>): Promise<void> {
      upsertRollups(rollups);
    },
    async insertEvents(events: StoredEvent[]): Promise<void> {
      for (const e of events) insertOne.run(values(e));
    },
  };
}

/**
 * The newest event's id: usage_events is append-only and its writes (events with their rollups) are one
 * transaction, so a new id means new figures, whichever app, process or node wrote them (on PostgreSQL the writers
 * take turns, so ids are given out in commit order). One primary-key read.
 */
export async function lastEventId(db: AnyDb): Promise<number> {
  if (isPg(db)) return (await rowsOf<{ id: number | null }>(db, sql`SELECT MAX(id) AS id FROM usage_events`))[0]?.id ?? 0;
  return ((db as SqliteDb).$client.prepare('SELECT MAX(id) FROM usage_events').pluck().get() as number | null) ?? 0;
}

export const hasDemoUsage = async (db: AnyDb): Promise<boolean> => (await rowsOf(db, sql`SELECT 1 AS found FROM usage_events WHERE is_demo = 1 LIMIT 1`)).length > 0;

export type KeyDayUse = { key_id: string; day: string; calls: number; errors: number; rows: number; bytes: number };

const ok = sql.raw('status BETWEEN 200 AND 299');

/** API calls per key and day (2xx as calls, 4xx/5xx as errors), from the raw events of [start, end). */
export async function selectKeyDays(db: AnyDb, keyIds: string[], start: string, end: string): Promise<KeyDayUse[]> {
  if (!keyIds.length) return [];
  // CASE rather than SUM of a comparison (no SUM of booleans on PostgreSQL); sums of bigint are numeric there, so cast.
  // Ids in byte order on both engines.
  const byKey = isPg(db) ? sql.raw('key_id COLLATE "C"') : sql.raw('key_id');
  return await rowsOf<KeyDayUse>(db, sql`SELECT key_id, substr(ts, 1, 10) AS day,
        SUM(CASE WHEN ${ok} THEN 1 ELSE 0 END) AS calls, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
        CAST(COALESCE(SUM(CASE WHEN ${ok} THEN rows END), 0) AS bigint) AS rows, CAST(COALESCE(SUM(CASE WHEN ${ok} THEN bytes END), 0) AS bigint) AS bytes
      FROM usage_events
     WHERE kind = 'api' AND key_id IN ${keyIds} AND ts >= ${start} AND ts < ${end}
     GROUP BY key_id, substr(ts, 1, 10) ORDER BY ${byKey}, day`);
}
