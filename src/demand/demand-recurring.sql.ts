import { sql } from 'drizzle-orm';
import { rowsOf, type AnyDb } from '../db/engine.js';
import { bytewise } from './demand.tables.js';

/** Recurring orders whose last file was delivered at or before `lastBefore`, and whose first one after `firstAfter`, by id. */
export async function recurringOrdersDue(db: AnyDb, lastBefore: string, firstAfter: string): Promise<string[]> {
  const deliveredAt = bytewise(db, sql.raw('v.delivered_at'));
  const rows = await rowsOf<{ id: string }>(db, sql`SELECT d.id FROM demands d
        WHERE d.kind = 'order' AND d.delivery_mode = 'recurring' AND d.status IN ('delivered', 'confirmed')
          AND (SELECT MAX(${deliveredAt}) FROM deliveries v WHERE v.demand_id = d.id) <= ${lastBefore}
          AND (SELECT MIN(${deliveredAt}) FROM deliveries v WHERE v.demand_id = d.id) > ${firstAfter}
        ORDER BY ${bytewise(db, sql.raw('d.id'))}`);
  return rows.map((r) => r.id);
}
