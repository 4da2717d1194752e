import type { Db } from '../db/client.js';
import { cachedStatement } from './auth.sql.js';

// The sessions table (with its user, read on every signed-in request: statements prepared once per connection).

export type SessionRow = { id_hash: string; expires_at: number; id: string; email: string; name: string; role: string; department_id: string | null };

export const insertSession = async (db: Db, idHash: string, userId: string, expiresAt: number): Promise<void> => {
  cachedStatement(db, 'INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)').run(idHash, userId, expiresAt);
};

/** The session (with its user) whose id_hash lies strictly between the bounds: the caller picks bounds that hold one id. */
export const selectSessionBetween = async (db: Db, above: string, below: string): Promise<SessionRow | undefined> =>
  cachedStatement(
    db,
    `SELECT s.id_hash, s.expires_at, u.id, u.email, u.name, u.role, u.department_id
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash > ? AND s.id_hash < ?`,
  ).get(above, below) as SessionRow | undefined;

export const deleteSession = async (db: Db, idHash: string): Promise<void> => {
  cachedStatement(db, 'DELETE FROM sessions WHERE id_hash = ?').run(idHash);
};

export const updateSessionExpiry = async (db: Db, idHash: string, expiresAt: number): Promise<void> => {
  cachedStatement(db, 'UPDATE sessions SET expires_at = ? WHERE id_hash = ?').run(expiresAt, idHash);
};

export const deleteUserSessions = async (db: Db, userId: string): Promise<void> => {
  cachedStatement(db, 'DELETE FROM sessions WHERE user_id = ?').run(userId);
};
