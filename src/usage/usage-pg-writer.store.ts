import { sql, type SQL } from 'drizzle-orm';
import { execute, rowsOf, type PgDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { addToRollup, uniqueKey, type Rollup, type StoredEvent } from './usage.writer.js';

// The usage writer on PostgreSQL: each flush is one transaction of multi-row statements (a node's second of events
// in a few round trips), nodes writing the same tables at once.

// Rows per statement: 17 parameters an event stays far below PostgreSQL's 65,535 per statement.
const rowsPerStatement = 1000;

/**
 * Writers of every node take this lock first, one at a time (plain reads go on): ids are then given out in commit
 * order, so a higher newest id always means new figures (lastEventId, on which the statistics memo rests), and two
 * nodes' rollup upserts never wait on each other's rows in opposite orders (no deadlock).
 */
const lockWriters = sql`LOCK TABLE usage_events IN SHARE ROW EXCLUSIVE MODE`;

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) yield rows.slice(i, i + rowsPerStatement);
}

const values = (rows: SQL[]) => sql.join(rows, sql`, `);

async function insertEventRows(tx: PgDb, events: StoredEvent[]): Promise<void> {
  for (const part of chunks(events)) {
    await execute(tx, sql`INSERT INTO usage_events (ts, kind, dataset_pk, version, format, owner_department_id, consumer_department_id, user_id, key_id,
        consumer_hash, unique_consumer, is_robot, status, rows, bytes, ms, is_demo)
      VALUES ${values(part.map((e) => sql`(${e.ts}, ${e.kind}, ${e.datasetPk}, ${e.version}, ${e.format}, ${e.ownerDepartmentId}, ${e.consumerDepartmentId},
        ${e.userId}, ${e.keyId}, ${e.consumerHash}, ${e.uniqueConsumer}, ${e.isRobot ? 1 : 0}, ${e.status}, ${e.rows}, ${e.bytes}, ${e.ms}, ${e.isDemo ? 1 : 0})`))}`);
  }
}

// Qualified by the table: a bare column in DO UPDATE is ambiguous on PostgreSQL. is_demo stays 1 only if both are 1.
const addRollup = sql.raw(`count = usage_daily.count + excluded.count, robots = usage_daily.robots + excluded.robots,
  rows = usage_daily.rows + excluded.rows, bytes = usage_daily.bytes + excluded.bytes, uniques = usage_daily.uniques + excluded.uniques,
  is_demo = usage_daily.is_demo * excluded.is_demo`);

async function upsertRollupRows(tx: PgDb, rollups: Iterable<Rollup>): Promise<void> {
  for (const part of chunks([...rollups])) {
    await execute(tx, sql`INSERT INTO usage_daily (day, dataset_pk, kind, consumer_department_id, count, robots, rows, bytes, uniques, is_demo)
      VALUES ${values(part.map((r) => sql`(${r.day}, ${r.datasetPk}, ${r.kind}, ${r.consumer}, ${r.count}, ${r.robots}, ${r.rows}, ${r.bytes}, ${r.uniques}, ${r.isDemo ? 1 : 0})`))}
      ON CONFLICT (day, dataset_pk, kind, consumer_department_id) DO UPDATE SET ${addRollup}`);
  }
}

type UniqueKey = NonNullable<ReturnType<typeof uniqueKey>>;
const joinKey = (k: UniqueKey) => k.join('\u0000');

/** Inserts the unique keys not in usage_unique yet (whichever node wrote them) and answers those it inserted. */
async function insertNewUniques(tx: PgDb, keys: UniqueKey[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const part of chunks(keys)) {
    const rows = await rowsOf<{ day: string; dataset_pk: number; kind: string; consumer: string }>(tx, sql`INSERT INTO usage_unique (day, dataset_pk, kind, consumer)
      VALUES ${values(part.map(([day, pk, kind, consumer]) => sql`(${day}, ${pk}, ${kind}, ${consumer})`))}
      ON CONFLICT DO NOTHING RETURNING day, dataset_pk, kind, consumer`);
    for (const r of rows) inserted.add(joinKey([r.day, r.dataset_pk, r.kind, r.consumer]));
  }
  return inserted;
}

/**
 * Writes events and their daily rollups in one transaction, as the SQLite writer does: a counted event whose
 * (day, dataset, kind, unique consumer) is new to usage_unique adds one to the uniques of its rollup. The database
 * decides what is new, so a consumer whose calls reach several nodes is counted once.
 */
async function writeEvents(tx: PgDb, events: StoredEvent[]): Promise<void> {
  await execute(tx, lockWriters);
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
