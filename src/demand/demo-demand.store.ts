import { sql } from 'drizzle-orm';
import { execute, rowsOf, type AnyDb } from '../db/engine.js';

// The demo demand board's marking: every row it wrote carries is_demo = 1 (README: how to remove them).

export const hasDemoDemand = async (db: AnyDb): Promise<boolean> => (await rowsOf(db, sql`SELECT 1 AS found FROM demands WHERE is_demo = 1 LIMIT 1`)).length > 0;

/**
 * Flags what the demo seeder just wrote through the board's own stores: the demands asked by demo people (who
 * cannot sign in, so no real demand is theirs) and every row hanging from those demands.
 */
export async function flagDemoDemands(db: AnyDb): Promise<void> {
  await execute(db, sql`UPDATE demands SET is_demo = 1 WHERE requester_user_id LIKE 'demo-user-%'`);
  for (const table of ['demand_items', 'demand_events', 'demand_comments', 'demand_votes', 'deliveries']) {
    await execute(db, sql`UPDATE ${sql.identifier(table)} SET is_demo = 1 WHERE demand_id IN (SELECT id FROM demands WHERE is_demo = 1)`);
  }
}
