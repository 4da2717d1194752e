import { sql } from 'drizzle-orm';
import { execute, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { cachedStatement } from '../db/cached-statement.js';

// The sessions table (with its user, read on every signed-in request). On SQLite the statements are prepared once
// per connection (preparing costs more than running these lookups); PostgreSQL's client prepares its own.

export type SessionRow = { id_hash: string; expires_at: number; last_seen_at: string | null; id: string; email: string; name: string; role: string; department_id: string | null };

// A disabled user's sessions open nothing, from the next request on, on every node (the flag is read with the session).
const sessionWithUser = `SELECT s.id_hash, s.expires_at, s.last_seen_at, u.id, u.email, u.name, u.role, u.department_id
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL`;

export const insertSession = async (db: AnyDb, idHash: string, userId: string, expiresAt: number, createdAt: string | null = null): Promise<void> => {
  if (isPg(db)) await execute(db, sql`INSERT INTO sessions (id_hash, user_id, expires_at, created_at) VALUES (${idHash}, ${userId}, ${expiresAt}, ${createdAt})`);
  else cachedStatement(db, 'INSERT INTO sessions (id_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(idHash, userId, expiresAt, createdAt);
};

/** The session (with its user) whose id_hash lies strictly between the bounds: the caller picks bounds that hold one id. */
export async function selectSessionBetween(db: AnyDb, above: string, below: string): Promise<SessionRow | undefined> {
  // COLLATE "C": byte order, as SQLite compares text, whatever the database's collation.
  if (isPg(db)) return (await rowsOf<SessionRow>(db, sql`${sql.raw(sessionWithUser)} WHERE s.id_hash > ${above} COLLATE "C" AND s.id_hash < ${below} COLLATE "C"`))[0];
  return cachedStatement(db, `${sessionWithUser} WHERE s.id_hash > ? AND s.id_hash < ?`).get(above, below) as SessionRow | undefined;
}

export const deleteSession = async (db: AnyDb, idHash: string): Promise<void> => {
  if (isPg(db)) await execute(db, sql`DELETE FROM sessions WHERE id_hash = ${idHash}`);
  else cachedStatement(db, 'DELETE FROM sessions WHERE id_hash = ?').run(idHash);
};

export const updateSessionExpiry = async (db: AnyDb, idHash: string, expiresAt: number): Promise<void> => {
  if (isPg(db)) await execute(db, sql`UPDATE sessions SET expires_at = ${expiresAt} WHERE id_hash = ${idHash}`);
  else cachedStatement(db, 'UPDATE sessions SET expires_at = ? WHERE id_hash = ?').run(expiresAt, idHash);
};

export const deleteUserSessions = async (db: AnyDb, userId: string): Promise<void> => {
  if (isPg(db)) await execute(db, sql`DELETE FROM sessions WHERE user_id = ${userId}`);
  else cachedStatement(db, 'DELETE FROM sessions WHERE user_id = ?').run(userId);
};
