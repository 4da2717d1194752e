import type { Db } from '../db/client.js';

/** How many datasets wait in the user's cart (the badge in the board's navigation). */
export function cartItemCount(db: Db, userId: string): number {
  return db.$client.prepare('SELECT COUNT(*) FROM cart_items WHERE user_id = ?').pluck().get(userId) as number;
}

/** Which of `demandIds` the user has voted for. */
export function votedDemandIds(db: Db, userId: string, demandIds: string[]): Set<string> {
  if (!demandIds.length) return new Set();
  const rows = db.$client
    .prepare(`SELECT demand_id FROM demand_votes WHERE user_id = ? AND demand_id IN (${demandIds.map(() => '?').join(', ')})`)
    .pluck()
    .all(userId, ...demandIds) as string[];
  return new Set(rows);
}
