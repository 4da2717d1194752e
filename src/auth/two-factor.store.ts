import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { twoFactorTables } from './two-factor.tables.js';
import { authTables } from './auth.tables.js';
import type { SessionUser } from '../lib/context.js';

export type TotpRow = { secret: string; enabledAt: string | null; lastUsedStep: number | null };

export async function selectTotp(db: AnyDb, userId: string): Promise<TotpRow | null> {
  const { userTotp } = twoFactorTables(db);
  const [row] = await builder(db)
    .select({ secret: userTotp.secret, enabledAt: userTotp.enabledAt, lastUsedStep: userTotp.lastUsedStep })
    .from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
  return row ?? null;
}

/** A new, not yet confirmed secret; replaces a pending one, never an enabled one (false then). */
export async function putPendingTotp(db: AnyDb, userId: string, sealedSecret: string): Promise<boolean> {
  const { userTotp } = twoFactorTables(db);
  const rows = await builder(db).insert(userTotp).values({ userId, secret: sealedSecret, enabledAt: null, lastUsedStep: null })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secret: sealedSecret, lastUsedStep: null }, setWhere: isNull(userTotp.enabledAt) })
    .returning({ userId: userTotp.userId });
  return rows.length === 1;
}

/**
 * Marks `step` used if it is later than the last one used, in one statement (two requests with the same code
 * cannot both pass); enables a pending enrolment when `enable` is given. True when this call won the step.
 */
export async function claimTotpStep(db: AnyDb, userId: string, step: number, enable?: string): Promise<boolean> {
  const { userTotp } = twoFactorTables(db);
  const fresh = or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step));
  const state = enable ? isNull(userTotp.enabledAt) : isNotNull(userTotp.enabledAt);
  const rows = await builder(db).update(userTotp)
    .set(enable ? { lastUsedStep: step, enabledAt: enable } : { lastUsedStep: step })
    .where(and(eq(userTotp.userId, userId), state, fresh))
    .returning({ userId: userTotp.userId });
  return rows.length === 1;
}

/** The recovery codes of a user become these (hashes); the old ones stop working. */
export async function replaceRecoveryCodes(db: AnyDb, userId: string, codeHashes: string[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { recoveryCodes } = twoFactorTables(tx);
    await builder(tx).delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await builder(tx).insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null })));
  });
}

/** Spends an unused recovery code in one statement; true when it was there and unused. */
export async function spendRecoveryCode(db: AnyDb, userId: string, codeHash: string, at: string): Promise<boolean> {
  const { recoveryCodes } = twoFactorTables(db);
  const rows = await builder(db).update(recoveryCodes).set({ usedAt: at })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return rows.length === 1;
}

export async function countUnusedRecoveryCodes(db: AnyDb, userId: string): Promise<number> {
  const { recoveryCodes } = twoFactorTables(db);
  const rows = await builder(db).select({ h: recoveryCodes.codeHash }).from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}

/** Removes a user's second factor and recovery codes; true when one was there. */
export async function deleteTwoFactor(db: AnyDb, userId: string): Promise<boolean> {
  return await inTransaction(db, async (tx) => {
    const { userTotp, recoveryCodes } = twoFactorTables(tx);
    await builder(tx).delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    const rows = await builder(tx).delete(userTotp).where(eq(userTotp.userId, userId)).returning({ userId: userTotp.userId });
    return rows.length === 1;
  });
}

/** The account a sign-in challenge names (it carries the id only). */
export async function selectUserById(db: AnyDb, userId: string): Promise<SessionUser | null> {
  const { users } = authTables(db);
  const [row] = await builder(db)
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId })
    .from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}
