import { and, eq, inArray } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { demandTables } from './demand.tables.js';
import { cartSize } from './demand-cart.store.js';

/** How many datasets wait in the user's cart (the badge in the board's navigation). */
export const cartItemCount = async (db: AnyDb, userId: string): Promise<number> => await cartSize(db, userId);

/** Which of `demandIds` the user has voted for. */
export async function votedDemandIds(db: AnyDb, userId: string, demandIds: string[]): Promise<Set<string>> {
  if (!demandIds.length) return new Set();
  const { demandVotes } = demandTables(db);
  const rows = await builder(db).select({ id: demandVotes.demandId }).from(demandVotes).where(and(eq(demandVotes.userId, userId), inArray(demandVotes.demandId, demandIds)));
  return new Set(rows.map((r) => r.id));
}
