import { sql } from 'drizzle-orm';
import { execute, rowsOf, type PgDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { dropDoubleClicks } from './usage-clicks.sql.js';
import { addToRollup, uniqueKey, type Rollup, type StoredEvent } from './usage.writer.js';

// The usage writer on PostgreSQL: each flush is one transaction of a few statements, each row set sent as one array
// per column and expanded by unnest (the statement text never changes, so it is prepared once per connection; a
// multi-row VALUES list measured 2.6 times slower on 5,000 events), nodes writing the same tables at once.

/**
 * Writers of every node take this lock first, one at a time (plain reads go on): ids are then given out in commit
 * order, so a higher newest id always means new figures (lastEventId, on which the statistics memo rests), and two
 * nodes' rollup upserts never wait on each other's rows in opposite orders (no deadlock).
 */
const lockWriters = sql`LOCK TABLE usage_events IN SHARE ROW EXCLUSIVE MODE`;

/** One column of a row set as one array parameter of the given SQL type. */
const column = <R>(rows: R[], type: string, value: (row: R) => unknown) => sql`${sql.param(rows.map(value))}::${sql.raw(type)}[]`;

async function insertEventRows(tx: PgDb, events: StoredEvent[]): Promise<void> {
  if (!events.length) return;
  const c = (type: string, value: (e: StoredEvent) => unknown) => column(events, type, value);
  await execute(tx, sql`INSERT INTO usage_events (ts, kind, dataset_pk, version, format, owner_department_id, consumer_department_id, user_id, key_id,
      consumer_hash, unique_consumer, is_robot, status, rows, bytes, ms, is_demo)
    SELECT * FROM unnest(${c('text', (e) => e.ts)}, ${c('text', (e) => e.kind)}, ${c('int', (e) => e.datasetPk)}, ${c('int', (e) => e.version)},
      ${c('text', (e) => e.format)}, ${c('text', (e) => e.ownerDepartmentId)}, ${c('text', (e) => e.consumerDepartmentId)}, ${c('text', (e) => e.userId)},
      ${c('text', (e) => e.keyId)}, ${c('text', (e) => e.consumerHash)}, ${c('text', (e) => e.uniqueConsumer)}, ${c('int', (e) => (e.isRobot ? 1 : 0))},
      ${c('int', (e) => e.status)}, ${c('int', (e) => e.rows)}, ${c('int8', (e) => e.bytes)}, ${c('int', (e) => e.ms)}, ${c('int', (e) => (e.isDemo ? 1 : 0))})`);
}

// Qualified by the table: a bare column in DO UPDATE is ambiguous on PostgreSQL. is_demo stays 1 only if both are 1.
const addRollup = sql.raw(`count = usage_daily.count + excluded.count, robots = usage_daily.robots + excluded.robots,
  rows = usage_daily.rows + excluded.rows, bytes = usage_daily.bytes + excluded.bytes, uniques = usage_daily.uniques + excluded.uniques,
  is_demo = usage_daily.is_demo * excluded.is_demo`);

async function upsertRollupRows(tx: PgDb, rollups: Iterable<Rollup>): Promise<void> {
  const rows = [...rollups];
  if (!rows.length) return;
  const c = (type: string, value: (r: Rollup) => unknown) => column(rows, type, value);
  await execute(tx, sql`INSERT INTO usage_daily (day, dataset_pk, kind, consumer_department_id, count, robots, rows, bytes, uniques, is_demo)
    SELECT * FROM unnest(${c('text', (r) => r.day)}, ${c('int', (r) => r.datasetPk)}, ${c('text', (r) => r.kind)}, ${c('text', (r) => r.consumer)},
      ${c('int', (r) => r.count)}, ${c('int', (r) => r.robots)}, ${c('int8', (r) => r.rows)}, ${c('int8', (r) => r.bytes)}, ${c('int', (r) => r.uniques)},
      ${c('int', (r) => (r.isDemo ? 1 : 0))})
    ON CONFLICT (day, dataset_pk, kind, consumer_department_id) DO UPDATE SET ${addRollup}`);
}

type UniqueKey = NonNullable<ReturnType<typeof uniqueKey>>;
const joinKey = (k: UniqueKey) => k.join('\u0000');

/** Inserts the unique keys not in usage_unique yet (whichever node wrote them) and answers those it inserted. */
async function insertNewUniques(tx: PgDb, keys: UniqueKey[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const c = (type: string, i: number) => column(keys, type, (k) => k[i]);
  const rows = await rowsOf<{ day: string; dataset_pk: number; kind: string; consumer: string }>(tx, sql`INSERT INTO usage_unique (day, dataset_pk, kind, consumer)
    SELECT * FROM unnest(${c('text', 0)}, ${c('int', 1)}, ${c('text', 2)}, ${c('text', 3)})
    ON CONFLICT DO NOTHING RETURNING day, dataset_pk, kind, consumer`);
  return new Set(rows.map((r) => joinKey([r.day, r.dataset_pk, r.kind, r.consumer])));
}

/**
 * Writes events and their daily rollups in one transaction, as the SQLite writer does: a counted event whose
 * (day, dataset, kind, unique consumer) is new to usage_unique adds one to the uniques of its rollup. The database
 * decides what is new, so a consumer whose calls reach several nodes is counted once; so are double clicks.
 */
async function writeEvents(tx: PgDb, batch: StoredEvent[]): Promise<void> {
  await execute(tx, lockWriters);
  // The double-click rule, decided here for every node at once (the recorder leaves it to the database on PostgreSQL).
  const events = await dropDoubleClicks(tx, batch);
  if (!events.length) return;
  const asked = new Map<string, UniqueKey>();
  for (const e of events) {
    const k = uniqueKey(e);
    if (k && !asked.has(joinKey(k))) asked.set(joinKey(k), k);
  }
  const fresh = await insertNewUniques(tx, [...asked.values()]);
  const byKey = new Map<string, Rollup>();
  for (const e of events) {
    const k = uniqueKey(e);
    // The batch's first event of a new key adds the unique, as on SQLite.
    const first = k !== null && fresh.delete(joinKey(k));
    addToRollup(byKey, e, first);
  }
  await insertEventRows(tx, events);
  await upsertRollupRows(tx, byKey.values());
}

/**
 * On PostgreSQL a write waits for another node's without blocking the serving thread (the driver is asynchronous),
 * so tryWrite writes as write does. The connection pool is ended only after the recorder stopped: always open.
 */
export function createPgUsageWriter(db: PgDb) {
  const write = async (events: StoredEvent[]): Promise<void> => {
    if (events.length) await inTransaction(db, (tx) => writeEvents(tx, events));
  };
  return {
    write,
    tryWrite: async (events: StoredEvent[]): Promise<boolean> => (await write(events), true),
    isOpen: (): boolean => true,
    async upsertRollups(rollups: Iterable<Rollup>): Promise<void> {
      await inTransaction(db, async (tx) => {
        await execute(tx, lockWriters);
        await upsertRollupRows(tx, rollups);
      });
    },
    async insertEvents(events: StoredEvent[]): Promise<void> {
      await inTransaction(db, async (tx) => {
        await execute(tx, lockWriters);
        await insertEventRows(tx, events);
      });
    },
  };
}
