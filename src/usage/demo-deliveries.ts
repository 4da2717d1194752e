import type { AnyDb } from '../db/engine.js';
import { addToRollup, uniqueKey, type Rollup, type StoredEvent } from './usage.writer.js';
import { createUsageWriter } from './usage.store.js';

/** A delivery of the demo demand board, as countHandovers (src/demand/demand.usage.ts) describes one. */
export type DemoDeliveryUse = { ts: string; datasetPk: number; version: number; format: string; ownerDepartmentId: string; consumerDepartmentId: string | null; userId: string; rows: number; bytes: number };

/**
 * Writes the demo deliveries as the usage recorder writes a delivery (a signed-in user's use, no robot, status 200),
 * flagged is_demo = 1 with their rollups: one more use of the provider's data, and a share when another department
 * asked for it. Called inside the demo demand seeder's transaction.
 */
export async function writeDemoDeliveries(db: AnyDb, uses: DemoDeliveryUse[]): Promise<void> {
  const events: StoredEvent[] = uses.map((u) => ({
    ts: u.ts, kind: 'delivery', datasetPk: u.datasetPk, version: u.version, format: u.format, ownerDepartmentId: u.ownerDepartmentId,
    consumerDepartmentId: u.consumerDepartmentId, userId: u.userId, keyId: null, consumerHash: `u:${u.userId}`, uniqueConsumer: `u:${u.userId}`,
    isRobot: false, status: 200, rows: u.rows, bytes: u.bytes, ms: null, isDemo: true,
  }));
  const rollups = new Map<string, Rollup>();
  const seen = new Set<string>();
  for (const e of events) {
    const key = uniqueKey(e)?.join('|') ?? null;
    addToRollup(rollups, e, key !== null && !seen.has(key));
    if (key) seen.add(key);
  }
  const writer = createUsageWriter(db);
  await writer.insertEvents(events);
  await writer.upsertRollups(rollups.values());
}
