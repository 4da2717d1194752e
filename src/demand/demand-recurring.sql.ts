import type { Db } from '../db/client.js';

/** Recurring orders whose last file was delivered at or before `lastBefore`, and whose first one after `firstAfter`. */
export async function recurringOrdersDue(db: Db, lastBefore: string, firstAfter: string): Promise<string[]> {
  return db.$client
    .prepare(
      `SELECT d.id FROM demands d
        WHERE d.kind = 'order' AND d.delivery_mode = 'recurring' AND d.status IN ('delivered', 'confirmed')
          AND (SELECT MAX(v.delivered_at) FROM deliveries v WHERE v.demand_id = d.id) <= @monthAgo
          AND (SELECT MIN(v.delivered_at) FROM deliveries v WHERE v.demand_id = d.id) > @yearAgo
        ORDER BY d.id`,
    )
    .pluck()
    .all({ monthAgo: lastBefore, yearAgo: firstAfter }) as string[];
}
