import type Database from 'better-sqlite3';
import type { usageKinds } from './usage.table.js';
import { countsInFigures } from './usage.rules.js';

/** An event as stored in usage_events, after the recorder applied the counting rules. */
export type StoredEvent = {
  ts: string;
  kind: (typeof usageKinds)[number];
  datasetPk: number;
  version: number | null;
  format: string | null;
  ownerDepartmentId: string;
  consumerDepartmentId: string | null;
  userId: string | null;
  keyId: string | null;
  consumerHash: string;
  /** COUNTER's unique consumer (user, key, or salted hash of the address alone); null on events older than it. */
  uniqueConsumer: string | null;
  isRobot: boolean;
  status: number;
  rows: number | null;
  bytes: number | null;
  ms: number | null;
  isDemo: boolean;
};

const columns = 'ts, kind, dataset_pk, version, format, owner_department_id, consumer_department_id, user_id, key_id, consumer_hash, unique_consumer, is_robot, status, rows, bytes, ms, is_demo';
const perRow = `(${columns.split(',').map(() => '?').join(', ')})`;

const values = (e: StoredEvent) => [
  e.ts, e.kind, e.datasetPk, e.version, e.format, e.ownerDepartmentId, e.consumerDepartmentId, e.userId, e.keyId,
  e.consumerHash, e.uniqueConsumer, e.isRobot ? 1 : 0, e.status, e.rows, e.bytes, e.ms, e.isDemo ? 1 : 0,
];

export type Rollup = { day: string; datasetPk: number; kind: string; consumer: string; count: number; robots: number; rows: number; bytes: number; uniques: number; isDemo: boolean };

type RollupInput = Pick<StoredEvent, 'ts' | 'kind' | 'datasetPk' | 'consumerDepartmentId' | 'uniqueConsumer' | 'isRobot' | 'status' | 'rows' | 'bytes' | 'isDemo'>;

/** The usage_unique key of a counted event: one per day, dataset, kind and unique consumer (COUNTER's unique item request). */
export function uniqueKey(e: RollupInput): [day: string, datasetPk: number, kind: string, consumer: string] | null {
  if (!e.uniqueConsumer || !countsInFigures(e)) return null;
  return [e.ts.slice(0, 10), e.datasetPk, e.kind, e.uniqueConsumer];
}

/**
 * Adds one event to the day's rollup: counted events add to count/rows/bytes (and to uniques when
 * `firstOfDay`, the consumer's first counted use of the dataset and kind that day), robots left out add
 * to robots; errors add nothing.
 */
export function addToRollup(byKey: Map<string, Rollup>, e: RollupInput, firstOfDay = false): void {
  const counted = countsInFigures(e);
  if (!counted && !(e.isRobot && e.status < 300)) return;
  const day = e.ts.slice(0, 10);
  const consumer = e.consumerDepartmentId ?? '';
  const key = `${day}|${e.datasetPk}|${e.kind}|${consumer}`;
  let r = byKey.get(key);
  if (!r) byKey.set(key, (r = { day, datasetPk: e.datasetPk, kind: e.kind, consumer, count: 0, robots: 0, rows: 0, bytes: 0, uniques: 0, isDemo: e.isDemo }));
  if (counted) {
    r.count += 1;
    if (firstOfDay) r.uniques += 1;
    r.rows += e.rows ?? 0;
    r.bytes += e.bytes ?? 0;
  } else {
    r.robots += 1;
  }
  r.isDemo &&= e.isDemo;
}

/**
 * Writes events and their daily rollups in one transaction, so usage_daily always equals what
 * usage_events says. A counted event whose (day, dataset, kind, unique consumer) is not yet in
 * usage_unique inserts it there and adds one to the uniques of its rollup (the row of the consumer's
 * first use that day): unique figures need no COUNT(DISTINCT) when read, and no memory beyond the table.
 * (One prepared single-row INSERT per event measured faster than multi-row statements here: building
 * the long parameter arrays costs more than the calls they save.)
 */
export function createUsageWriter(sqlite: Database.Database) {
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
    write(events: StoredEvent[]): void {
      if (!events.length) return;
      write(events);
    },
    /** For bulk loads that insert their own events (the demo history): adds their rollups. */
    upsertRollups(rollups: Iterable<Rollup>): void {
      upsertRollups(rollups);
    },
    insertEvent: insertOne,
    insertUnique,
  };
}
