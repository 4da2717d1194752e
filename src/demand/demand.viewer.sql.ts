import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { demandVotes } from './demand.table.js';
import { cartSize } from './demand-cart.store.js';

/** How many datasets wait in the user's cart (the badge in the board's navigation). */
export const cartItemCount = async (db: Db, userId: string): Promise<number> => await cartSize(db, userId);

/** Which of `demandIds` the user has voted for. */
export async function votedDemandIds(db: Db, userId: string, demandIds: string[]): Promise<Set<string>> {
  if (!demandIds.length) return new Set();
  const rows = db.select({ id: demandVotes.demandId }).from(demandVotes).where(and(eq(demandVotes.userId, userId), inArray(demandVotes.demandId, demandIds))).all();
  return new Set(rows.map((r) => r.id));
}
