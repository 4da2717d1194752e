import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import type { Role } from './auth.table.js';
import { randomToken } from './auth.crypto.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './auth.password.js';
import { assertAcceptablePassword } from './auth.password-policy.js';
import { invalidateUserSessions } from './auth.session.js';
import { isUserDisabled } from './users-directory.store.js';
import { insertUser, isUniqueViolation, selectUserByEmail, updatePasswordHash } from './users.store.js';

export type NewUser = { email: string; password: string; name?: string; role?: Role; departmentId?: string | null };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const findUserByEmail = async (db: Db, email: string) => await selectUserByEmail(db, normaliseEmail(email));

const newUser = (input: NewUser): SessionUser => {
  const email = normaliseEmail(input.email);
  return { id: `u_${randomToken(10)}`, email, name: input.name?.trim() || email.split('@')[0]!, role: input.role ?? 'user', departmentId: input.departmentId ?? null };
};


/** For operators (`user add`): 422 for a weak password, 409 `email_taken` when the address is registered already. */
export async function createUser(db: Db, input: NewUser, now: Date): Promise<SessionUser> {
  assertAcceptablePassword(input.password);
  const user = newUser(input);
  if (await findUserByEmail(db, user.email)) throw new ApiError(409, 'email_taken', 'An account with this e-mail address exists already; sign in instead.');
  await insertUser(db, user, await hashPassword(input.password), now);
  return user;
}

/**
 * Public sign-up: creates the account unless the address is registered already, and does not say which,
 * so nobody can learn who has an account here. Both paths hash the password (the slow part), so they
 * take as long; an existing account is left exactly as it was.
 */
export async function registerUser(db: Db, input: NewUser, now: Date): Promise<void> {
  assertAcceptablePassword(input.password);
  const user = newUser(input);
  const exists = await findUserByEmail(db, user.email) !== null;
  const passwordHash = await hashPassword(input.password);
  if (exists) return;
  try {
    await insertUser(db, user, passwordHash, now);
  } catch (err) {
    // The same address registered by a request that raced this one: the answer stays the same.
    if (!isUniqueViolation(err)) throw err;
  }
}

/** For operators (`user password`): a new password for an account, which also ends all its sessions. */
export async function setUserPassword(db: Db, email: string, password: string): Promise<SessionUser> {
  assertAcceptablePassword(password);
  const found = await findUserByEmail(db, email);
  if (!found) throw new ApiError(404, 'not_found', `No account with the e-mail address ${normaliseEmail(email)}.`);
  const passwordHash = await hashPassword(password);
  await updatePasswordHash(db, found.id, passwordHash);
  await invalidateUserSessions(db, found.id);
  const { passwordHash: _, ...user } = found;
  return user;
}

/** The user whose password this is, or null; as slow for unknown addresses as for wrong passwords. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const found = await findUserByEmail(db, email);
  if (!found) {
    await burnPasswordCheck(password);
    return null;
  }
  const { passwordHash, ...user } = found;
  if (!(await verifyPassword(passwordHash, password))) return null;
  if (await isUserDisabled(db, user.id)) throw new ApiError(403, 'account_disabled', 'This account is disabled; ask your department admin.');
  return user;
}
