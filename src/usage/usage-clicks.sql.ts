import { sql } from 'drizzle-orm';
import { execute, rowsOf, type PgDb } from '../db/engine.js';
import { doubleClickWindowMs } from './usage.dedupe.js';
import { doubleClickKinds } from './usage.rules.js';
import type { StoredEvent } from './usage.writer.js';

// The double-click rule on PostgreSQL (usage_clicks, migration 0003): decided when a node writes its buffer, inside the
// writers' transaction, so a consumer whose repeats reach different nodes within 30 s is counted once.

/** Consumer, dataset, version, format and kind: the same tuple as the in-memory filter of usage.recorder.ts. */
export const clickOf = (e: Pick<StoredEvent, 'consumerHash' | 'datasetPk' | 'version' | 'format' | 'kind'>) =>
  `${e.consumerHash}|${e.datasetPk}|${e.version ?? ''}|${e.format ?? ''}|${e.kind}`;

// Rows are kept twice the window: an event buffered by a slow node may still come that late.
const pruneEveryMs = 60_000;
let lastPrune = 0;

/**
 * The batch without its double clicks: an event of a double-click kind counts unless a fetch of the same tuple
 * counted less than 30 s before or after it (by any node: usage_clicks, or earlier in this batch). Must run under
 * the writers' lock (usage-pg-writer.store.ts), which makes the read and the upsert one decision across nodes.
 * One read and one upsert per batch, whatever its size.
 */
export async function dropDoubleClicks(tx: PgDb, events: StoredEvent[]): Promise<StoredEvent[]> {
  const clicks = new Map<StoredEvent, string>();
  for (const e of events) if (doubleClickKinds.has(e.kind)) clicks.set(e, clickOf(e));
  if (!clicks.size) return events;
  const asked = [...new Set(clicks.values())];
  const counted = new Map<string, number>();
  const stored = await rowsOf<{ click: string; counted_at: number }>(tx, sql`SELECT click, counted_at FROM usage_clicks WHERE click = ANY(${sql.param(asked)}::text[])`);
  for (const r of stored) counted.set(r.click, Number(r.counted_at));
  const changed = new Set<string>();
  const kept = events.filter((e) => {
    const click = clicks.get(e);
    if (click === undefined) return true;
    const at = Date.parse(e.ts);
    const last = counted.get(click);
    if (last !== undefined && Math.abs(at - last) < doubleClickWindowMs) return false;
    counted.set(click, last === undefined ? at : Math.max(last, at));
    changed.add(click);
    return true;
  });
  if (changed.size) {
    const list = [...changed].sort();
    await execute(tx, sql`INSERT INTO usage_clicks (click, counted_at)
      SELECT * FROM unnest(${sql.param(list)}::text[], ${sql.param(list.map((c) => counted.get(c)!))}::int8[])
      ON CONFLICT (click) DO UPDATE SET counted_at = GREATEST(usage_clicks.counted_at, excluded.counted_at)`);
  }
  // Older than the batch's newest event (the app's clock, as the events are) by twice the window: no longer a repeat of anything.
  if (Date.now() - lastPrune > pruneEveryMs) {
    lastPrune = Date.now();
    const newest = Math.max(...[...counted.values()]);
    await execute(tx, sql`DELETE FROM usage_clicks WHERE counted_at < ${newest - 2 * doubleClickWindowMs}`);
  }
  return kept;
}
