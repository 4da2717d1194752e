import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { canAdmin, canManageUsersOf } from './policy.js';
import { randomToken, sha256Hex } from './auth.crypto.js';
import { roles } from './auth.table.js';
import { createUser } from './auth.service.js';
import { deleteAllUserSessions } from './sessions-list.store.js';
import { resetTwoFactor } from './two-factor.service.js';
import { claimInvite, insertInvite, selectInvite, setInviteUser, unclaimInvite, type InviteRow } from './invites.store.js';
import { departmentExists, selectDepartmentNames, selectDepartmentUsers, selectDirectoryUser, updateUserDisabled, updateUserRole, type DirectoryUser } from './users-directory.store.js';

export const inviteRoles = ['publisher', 'dept_admin'] as const;
/** What a department admin may set: a role within the department, or 'user' (out of the department). */
export const departmentRoles = ['publisher', 'dept_admin', 'user'] as const;
export const inviteLifetimeMs = 7 * 24 * 60 * 60 * 1000;

const forbidden = (what: string) => new ApiError(403, 'forbidden', `This needs an admin, or the admin of the department ${what}.`);

export async function assertManagesDepartment(db: Db, actor: SessionUser, departmentId: string): Promise<void> {
  if (!canManageUsersOf(actor, departmentId)) throw forbidden(`'${departmentId}'`);
  if (!await departmentExists(db, departmentId)) throw new ApiError(404, 'not_found', `No department '${departmentId}'.`);
}

/** The target user, when the actor may manage them: an admin anyone, a department admin their department's people. */
export async function managedUser(db: Db, actor: SessionUser, userId: string): Promise<DirectoryUser> {
  const target = await selectDirectoryUser(db, userId);
  if (!target) {
    if (!canAdmin(actor) && actor.role !== 'dept_admin') throw forbidden('of this user');
    throw new ApiError(404, 'not_found', `No user '${userId}'.`);
  }
  if (!canManageUsersOf(actor, target.department_id)) throw forbidden('this user belongs to');
  return target;
}

export async function listDepartmentUsers(db: Db, actor: SessionUser, departmentId: string): Promise<DirectoryUser[]> {
  await assertManagesDepartment(db, actor, departmentId);
  return await selectDepartmentUsers(db, departmentId);
}

export type CreatedInvite = { token: string; department_id: string; role: string; expires_at: string };

/** A one-time link's token, shown once to the admin who made it; only its hash is kept. */
export async function createInvite(db: Db, actor: SessionUser, departmentId: string, role: string, now: Date): Promise<CreatedInvite> {
  await assertManagesDepartment(db, actor, departmentId);
  if (!(inviteRoles as readonly string[]).includes(role)) throw new ApiError(400, 'validation_failed', `An invite's role is one of ${inviteRoles.join(', ')}.`);
  const token = randomToken(32);
  const expires_at = new Date(now.getTime() + inviteLifetimeMs).toISOString();
  await insertInvite(db, { token_hash: sha256Hex(token), department_id: departmentId, role, created_by: actor.id, created_at: now.toISOString(), expires_at });
  return { token, department_id: departmentId, role, expires_at };
}

/** The invite of a token while it can still be used; 404 `invite_invalid` otherwise (unknown, used or expired alike). */
export async function usableInvite(db: Db, token: string, now: Date): Promise<InviteRow> {
  const invite = /^[a-z2-7]{20,80}$/.test(token) ? await selectInvite(db, sha256Hex(token)) : undefined;
  if (!invite || invite.used_at || invite.expires_at <= now.toISOString()) throw new ApiError(404, 'invite_invalid', 'This invitation link is unknown, used already or expired: ask your department admin for a new one.');
  return invite;
}

const claim = async (db: Db, invite: InviteRow, userId: string, now: Date) => {
  if (!await claimInvite(db, invite.token_hash, userId, now.toISOString())) throw new ApiError(404, 'invite_invalid', 'This invitation link was used already or has expired.');
};

/** A signed-in account joins the department with the invited role (an admin or reviewer is not moved). */
export async function acceptInviteAsUser(db: Db, user: SessionUser, token: string, now: Date): Promise<InviteRow & { user_id: string }> {
  const invite = await usableInvite(db, token, now);
  if (user.role === 'admin' || user.role === 'reviewer') throw new ApiError(409, 'invite_not_applicable', 'An admin or reviewer account does not join a department; open the link signed in as someone else, or signed out.');
  await claim(db, invite, user.id, now);
  await updateUserRole(db, user.id, invite.role, invite.department_id);
  return { ...invite, user_id: user.id };
}

/** A new account (password per the policy) in the department with the invited role. */
export async function acceptInviteAsNewUser(db: Db, input: { email: string; name?: string; password: string }, token: string, now: Date): Promise<InviteRow & { user: SessionUser }> {
  const invite = await usableInvite(db, token, now);
  // Claimed first, so two people racing on one link cannot both get an account; given back if the account fails.
  await claim(db, invite, 'pending', now);
  try {
    const user = await createUser(db, { ...input, role: invite.role as (typeof roles)[number], departmentId: invite.department_id }, now);
    await setInviteUser(db, invite.token_hash, user.id);
    return { ...invite, user };
  } catch (err) {
    await unclaimInvite(db, invite.token_hash);
    throw err;
  }
}

/** 'user' takes the person out of the department; a department admin never grants admin or reviewer. */
export async function setDepartmentRole(db: Db, actor: SessionUser, userId: string, role: string, departmentId: string | undefined): Promise<{ before: DirectoryUser; role: string; department_id: string | null }> {
  const target = await managedUser(db, actor, userId);
  const allowed: readonly string[] = canAdmin(actor) ? roles : departmentRoles;
  if (!allowed.includes(role)) throw new ApiError(403, 'forbidden', `You may set only ${allowed.join(', ')}.`);
  if (target.id === actor.id && !canAdmin(actor)) throw new ApiError(409, 'own_account', 'Ask another admin to change your own role.');
  let dept: string | null = role === 'publisher' || role === 'dept_admin' ? (departmentId ?? target.department_id) : null;
  if (!canAdmin(actor)) dept = role === 'user' ? null : actor.departmentId;
  if ((role === 'publisher' || role === 'dept_admin') && !dept) throw new ApiError(400, 'validation_failed', 'A publisher or department admin needs a department_id.');
  if (dept && !await departmentExists(db, dept)) throw new ApiError(404, 'not_found', `No department '${dept}'.`);
  await updateUserRole(db, target.id, role, dept);
  return { before: target, role, department_id: dept };
}

/** Disabled at once everywhere: sessions are deleted, and every request (session or key) checks users.disabled_at. */
export async function setUserDisabled(db: Db, actor: SessionUser, userId: string, disabled: boolean, now: Date): Promise<DirectoryUser> {
  const target = await managedUser(db, actor, userId);
  if (target.id === actor.id) throw new ApiError(409, 'own_account', 'You cannot disable or enable your own account.');
  await updateUserDisabled(db, target.id, disabled ? now.toISOString() : null);
  if (disabled) await deleteAllUserSessions(db, target.id);
  return target;
}

/** For someone who lost their authenticator: their second factor is removed (the next sign-in enrols again). */
export async function resetUserTwoFactor(db: Db, actor: SessionUser, userId: string): Promise<{ target: DirectoryUser; removed: boolean }> {
  const target = await managedUser(db, actor, userId);
  return { target, removed: await resetTwoFactor(db, target.id) };
}

/** Departments by id, with both names (the directory page's picker, the invitation page). */
export const departmentNames = async (db: Db) => await selectDepartmentNames(db);
