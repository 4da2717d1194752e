import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { demandComments, demandVotes } from './demand.table.js';

// Comments and votes on demands.

/** Returns the new comment's id. */
export const insertComment = async (db: Db, demandId: string, userId: string, body: string, createdAt: string): Promise<number> =>
  db.insert(demandComments).values({ demandId, userId, body, createdAt }).returning({ id: demandComments.id }).get().id;

export const voteCount = async (db: Db, demandId: string): Promise<number> =>
  db.select({ n: count() }).from(demandVotes).where(eq(demandVotes.demandId, demandId)).get()?.n ?? 0;

/** False when the user had voted already (nothing changes). */
export const insertVote = async (db: Db, demandId: string, userId: string, createdAt: string): Promise<boolean> =>
  db.insert(demandVotes).values({ demandId, userId, createdAt }).onConflictDoNothing().run().changes === 1;

export async function deleteVote(db: Db, demandId: string, userId: string): Promise<void> {
  db.delete(demandVotes).where(and(eq(demandVotes.demandId, demandId), eq(demandVotes.userId, userId))).run();
}

export const hasVoted = async (db: Db, demandId: string, userId: string): Promise<boolean> =>
  db.select({ id: demandVotes.demandId }).from(demandVotes).where(and(eq(demandVotes.demandId, demandId), eq(demandVotes.userId, userId))).get() !== undefined;
