import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { inTransaction } from '../db/transaction.js';
import type { Role } from './auth.table.js';
import { randomToken, sha256Hex } from './auth.crypto.js';
import { insertUser, isUniqueViolation, selectUserByEmail } from './users.store.js';
import { insertIdentity, selectDepartmentIdByCode, selectIdentityUser, updateUserDepartmentRole } from './user-identities.store.js';
import type { OidcClaims } from './oidc.flow.js';
import type { OidcSettings } from '../lib/oidc-settings.js';

/** Not a password hash argon2 can read: an account made by unified identity has no password until an operator sets one. */
const noPassword = '!oidc';
const departmentRoles: readonly Role[] = ['publisher', 'dept_admin'];

const text = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

/**
 * What the trusted department claim gives: its code's department, with the mapped role claim when it says
 * publisher or dept_admin, else publisher. Nothing for a missing claim or an unknown code (then a citizen's account).
 */
export async function departmentFromClaims(db: Db, settings: OidcSettings, claims: OidcClaims): Promise<{ role: Role; departmentId: string } | null> {
  if (!settings.trustedDepartmentClaim) return null;
  const code = text(claims[settings.trustedDepartmentClaim], 100);
  if (!code) return null;
  const departmentId = await selectDepartmentIdByCode(db, code);
  if (!departmentId) return null;
  const claimed = settings.claims.role ? text(claims[settings.claims.role], 40) : null;
  const role = claimed && (departmentRoles as readonly string[]).includes(claimed) ? (claimed as Role) : 'publisher';
  return { role, departmentId };
}

export type Provisioned = { user: SessionUser; created: boolean };

/**
 * The account of this subject at this issuer; made on the first sign-in. Never found by e-mail: an account with the
 * same address (a password account, or another provider's) stays separate, and the new one gets a placeholder
 * address instead. The trusted department claim sets role and department at every sign-in where it is present;
 * admins and reviewers keep their role.
 */
export async function provisionOidcUser(db: Db, settings: OidcSettings, claims: OidcClaims, now: Date): Promise<Provisioned> {
  const issuer = settings.issuer.href;
  const department = await departmentFromClaims(db, settings, claims);
  const existing = await selectIdentityUser(db, issuer, claims.sub);
  if (existing) {
    if (department && (existing.role === 'user' || departmentRoles.includes(existing.role as Role)) && (existing.role !== department.role || existing.departmentId !== department.departmentId)) {
      await updateUserDepartmentRole(db, existing.id, department.role, department.departmentId);
      return { user: { ...existing, role: department.role, departmentId: department.departmentId }, created: false };
    }
    return { user: existing, created: false };
  }
  const placeholder = `oidc-${sha256Hex(`${issuer}|${claims.sub}`).slice(0, 20)}@users.invalid`;
  const claimedEmail = text(claims[settings.claims.email], 254)?.toLowerCase() ?? null;
  const email = claimedEmail && /^[^\s@]+@[^\s@]+$/.test(claimedEmail) && !(await selectUserByEmail(db, claimedEmail)) ? claimedEmail : placeholder;
  const name = text(claims[settings.claims.name], 100) ?? (email === placeholder ? 'user' : email.split('@')[0]!);
  const user: SessionUser = { id: `u_${randomToken(10)}`, email, name, role: department?.role ?? 'user', departmentId: department?.departmentId ?? null };
  try {
    await inTransaction(db, async (tx) => {
      await insertUser(tx, user, noPassword, now);
      await insertIdentity(tx, issuer, claims.sub, user.id, now);
    });
  } catch (err) {
    // A sign-in of the same subject that raced this one made it first (or took the address): use that account.
    if (!isUniqueViolation(err) && !isUniqueViolation((err as { cause?: unknown }).cause ?? {})) throw err;
    const raced = await selectIdentityUser(db, issuer, claims.sub);
    if (raced) return { user: raced, created: false };
    if (email === placeholder) throw err;
    return await provisionOidcUser(db, settings, { ...claims, [settings.claims.email]: undefined } as OidcClaims, now);
  }
  return { user, created: true };
}
