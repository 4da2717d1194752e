import { sql } from 'drizzle-orm';
import { execute, rowsOf, type AnyDb } from '../db/engine.js';

// The sessions table as its owner sees it ("my sessions"): never the hash, only the non-secret id before the dot.

export type SessionListRow = { id: string; user_agent: string | null; place: string | null; created_at: string | null; last_seen_at: string | null; expires_at: number };

export async function selectUserSessions(db: AnyDb, userId: string, nowMs: number): Promise<SessionListRow[]> {
  const rows = await rowsOf<SessionListRow & { id_hash: string }>(db, sql`SELECT id_hash, user_agent, place, created_at, last_seen_at, expires_at FROM sessions
    WHERE user_id = ${userId} AND expires_at > ${nowMs} ORDER BY last_seen_at DESC, created_at DESC`);
  return rows.map(({ id_hash, ...r }) => ({ ...r, id: id_hash.split('.')[0]!, expires_at: Number(r.expires_at) }));
}

/** Whether this user had a session with this public id (now ended). */
export async function deleteUserSessionById(db: AnyDb, userId: string, publicId: string): Promise<boolean> {
  if (!/^[a-z2-7]{16}$/.test(publicId)) return false;
  // '/' sorts right after '.', so the range holds exactly the hashes of this id (see auth.session.ts).
  return (await execute(db, sql`DELETE FROM sessions WHERE user_id = ${userId} AND id_hash > ${`${publicId}.`} AND id_hash < ${`${publicId}/`}`)) > 0;
}

/** How many sessions of this user were ended. */
export const deleteAllUserSessions = async (db: AnyDb, userId: string): Promise<number> => await execute(db, sql`DELETE FROM sessions WHERE user_id = ${userId}`);

/** Last seen (and, the first time, the browser and the coarse place), written at most once per few minutes per session. */
export async function touchSession(db: AnyDb, idHash: string, at: string, firstSeen: { userAgent: string; place: string } | null): Promise<void> {
  if (firstSeen) await execute(db, sql`UPDATE sessions SET last_seen_at = ${at}, user_agent = COALESCE(user_agent, ${firstSeen.userAgent}), place = COALESCE(place, ${firstSeen.place}) WHERE id_hash = ${idHash}`);
  else await execute(db, sql`UPDATE sessions SET last_seen_at = ${at} WHERE id_hash = ${idHash}`);
}
