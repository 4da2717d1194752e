import { and, count, eq } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { demandTables } from './demand.tables.js';

// Comments and votes on demands.

/** Returns the new comment's id. */
export async function insertComment(db: AnyDb, demandId: string, userId: string, body: string, createdAt: string): Promise<number> {
  const { demandComments } = demandTables(db);
  const [row] = await builder(db).insert(demandComments).values({ demandId, userId, body, createdAt }).returning({ id: demandComments.id });
  return row!.id;
}

export async function voteCount(db: AnyDb, demandId: string): Promise<number> {
  const { demandVotes } = demandTables(db);
  const [row] = await builder(db).select({ n: count() }).from(demandVotes).where(eq(demandVotes.demandId, demandId));
  return row?.n ?? 0;
}

/** False when the user had voted already (nothing changes). */
export async function insertVote(db: AnyDb, demandId: string, userId: string, createdAt: string): Promise<boolean> {
  const { demandVotes } = demandTables(db);
  const added = await builder(db).insert(demandVotes).values({ demandId, userId, createdAt }).onConflictDoNothing().returning({ id: demandVotes.demandId });
  return added.length === 1;
}

export async function deleteVote(db: AnyDb, demandId: string, userId: string): Promise<void> {
  const { demandVotes } = demandTables(db);
  await builder(db).delete(demandVotes).where(and(eq(demandVotes.demandId, demandId), eq(demandVotes.userId, userId)));
}

export async function hasVoted(db: AnyDb, demandId: string, userId: string): Promise<boolean> {
  const { demandVotes } = demandTables(db);
  const rows = await builder(db).select({ id: demandVotes.demandId }).from(demandVotes)
    .where(and(eq(demandVotes.demandId, demandId), eq(demandVotes.userId, userId))).limit(1);
  return rows.length > 0;
}
