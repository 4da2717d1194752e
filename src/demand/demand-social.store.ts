import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { demandComments, demandVotes } from './demand.table.js';

// Comments and votes on demands.

/** Returns the new comment's id. */
export const insertComment = (db: Db, demandId: string, userId: string, body: string, createdAt: string): number =>
  db.insert(demandComments).values({ demandId, userId, body, createdAt }).returning({ id: demandComments.id }).get().id;

export const voteCount = (db: Db, demandId: string): number =>
  db.select({ n: count() }).from(demandVotes).where(eq(demandVotes.demandId, demandId)).get()?.n ?? 0;

/** False when the user had voted already (nothing changes). */
export const insertVote = (db: Db, demandId: string, userId: string, createdAt: string): boolean =>
  db.insert(demandVotes).values({ demandId, userId, createdAt }).onConflictDoNothing().run().changes === 1;

export function deleteVote(db: Db, demandId: string, userId: string): void {
  db.delete(demandVotes).where(and(eq(demandVotes.demandId, demandId), eq(demandVotes.userId, userId))).run();
}

export const hasVoted = (db: Db, demandId: string, userId: string): boolean =>
  db.select({ id: demandVotes.demandId }).from(demandVotes).where(and(eq(demandVotes.demandId, demandId), eq(demandVotes.userId, userId))).get() !== undefined;
