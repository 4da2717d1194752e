import { sql } from 'drizzle-orm';
import { execute, rowsOf, type AnyDb } from '../db/engine.js';

// The department_invites table: one-time links, kept as the SHA-256 of their token.

export type InviteRow = { token_hash: string; department_id: string; role: string; created_by: string; created_at: string; expires_at: string; used_at: string | null; used_by: string | null };

export async function insertInvite(db: AnyDb, row: Omit<InviteRow, 'used_at' | 'used_by'>): Promise<void> {
  await execute(db, sql`INSERT INTO department_invites (token_hash, department_id, role, created_by, created_at, expires_at)
    VALUES (${row.token_hash}, ${row.department_id}, ${row.role}, ${row.created_by}, ${row.created_at}, ${row.expires_at})`);
}

export async function selectInvite(db: AnyDb, tokenHash: string): Promise<InviteRow | undefined> {
  return (await rowsOf<InviteRow>(db, sql`SELECT token_hash, department_id, role, created_by, created_at, expires_at, used_at, used_by FROM department_invites WHERE token_hash = ${tokenHash}`))[0];
}

/** Claims the invite for this user: false when it was used (or claimed by a racing request) already or has expired. */
export async function claimInvite(db: AnyDb, tokenHash: string, userId: string, at: string): Promise<boolean> {
  return (await execute(db, sql`UPDATE department_invites SET used_at = ${at}, used_by = ${userId}
    WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${at}`)) > 0;
}

/** Gives a claim back (the account it was for could not be made). */
export async function unclaimInvite(db: AnyDb, tokenHash: string): Promise<void> {
  await execute(db, sql`UPDATE department_invites SET used_at = NULL, used_by = NULL WHERE token_hash = ${tokenHash}`);
}

export async function setInviteUser(db: AnyDb, tokenHash: string, userId: string): Promise<void> {
  await execute(db, sql`UPDATE department_invites SET used_by = ${userId} WHERE token_hash = ${tokenHash}`);
}
