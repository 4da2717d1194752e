import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { users, type Role } from './auth.table.js';

/** The account of a (normalised) e-mail address, with its password hash. */
export async function selectUserByEmail(db: Db, email: string): Promise<(SessionUser & { passwordHash: string }) | null> {
  const row = db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .get();
  return row ?? null;
}

/** Throws the driver's own error (code SQLITE_CONSTRAINT_UNIQUE for a registered address), not drizzle's wrapper. */
export async function insertUser(db: Db, user: SessionUser, passwordHash: string, now: Date): Promise<void> {
  try {
    db.insert(users)
      .values({ id: user.id, email: user.email, passwordHash, name: user.name, role: user.role as Role, departmentId: user.departmentId, createdAt: now.toISOString() })
      .run();
  } catch (err) {
    throw (err as { cause?: unknown }).cause ?? err;
  }
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}
