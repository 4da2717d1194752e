import { eq } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import type { SessionUser } from '../lib/context.js';
import type { Role } from './auth.table.js';
import { authTables } from './auth.tables.js';

/** The account of a (normalised) e-mail address, with its password hash. */
export async function selectUserByEmail(db: AnyDb, email: string): Promise<(SessionUser & { passwordHash: string }) | null> {
  const { users } = authTables(db);
  const [row] = await builder(db)
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return row ?? null;
}

/**
 * Throws the driver's own error, not drizzle's wrapper: a registered address is SQLITE_CONSTRAINT_UNIQUE on SQLite,
 * code 23505 (unique_violation) on PostgreSQL; `isUniqueViolation` tells either.
 */
export async function insertUser(db: AnyDb, user: SessionUser, passwordHash: string, now: Date): Promise<void> {
  const { users } = authTables(db);
  try {
    await builder(db)
      .insert(users)
      .values({ id: user.id, email: user.email, passwordHash, name: user.name, role: user.role as Role, departmentId: user.departmentId, createdAt: now.toISOString() });
  } catch (err) {
    throw (err as { cause?: unknown }).cause ?? err;
  }
}

export const isUniqueViolation = (err: unknown): boolean => {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

export async function updatePasswordHash(db: AnyDb, userId: string, passwordHash: string): Promise<void> {
  const { users } = authTables(db);
  await builder(db).update(users).set({ passwordHash }).where(eq(users.id, userId));
}
