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
