import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import type { Role } from './auth.table.js';
import { randomToken } from './auth.crypto.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './auth.password.js';

export type NewUser = { email: string; password: string; name?: string; role?: Role; departmentId?: string | null };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

type UserRow = { id: string; email: string; name: string; role: string; department_id: string | null; password_hash: string };

const toSessionUser = (r: UserRow): SessionUser => ({ id: r.id, email: r.email, name: r.name, role: r.role, departmentId: r.department_id });

export function findUserByEmail(db: Db, email: string): (SessionUser & { passwordHash: string }) | null {
  const row = db.$client.prepare('SELECT id, email, name, role, department_id, password_hash FROM users WHERE email = ?').get(normaliseEmail(email)) as UserRow | undefined;
  return row ? { ...toSessionUser(row), passwordHash: row.password_hash } : null;
}

/** 409 `email_taken` when the address is registered already. */
export async function createUser(db: Db, input: NewUser, now: Date): Promise<SessionUser> {
  const email = normaliseEmail(input.email);
  if (findUserByEmail(db, email)) throw new ApiError(409, 'email_taken', 'An account with this e-mail address exists already; sign in instead.');
  const user: SessionUser = {
    id: `u_${randomToken(10)}`,
    email,
    name: input.name?.trim() || email.split('@')[0]!,
    role: input.role ?? 'user',
    departmentId: input.departmentId ?? null,
  };
  const passwordHash = await hashPassword(input.password);
  db.$client
    .prepare('INSERT INTO users (id, email, password_hash, name, role, department_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(user.id, user.email, passwordHash, user.name, user.role, user.departmentId, now.toISOString());
  return user;
}

/** The user whose password this is, or null; as slow for unknown addresses as for wrong passwords. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const found = findUserByEmail(db, email);
  if (!found) {
    await burnPasswordCheck(password);
    return null;
  }
  const { passwordHash, ...user } = found;
  return (await verifyPassword(passwordHash, password)) ? user : null;
}
