/*
 * Who may do what (DESIGN section 4), in one place: every role check in the app is one of these decisions.
 * Pure functions over the signed-in person (or an API key's owner); null or undefined is someone signed out.
 * admin passes everything; reviewer reads all usage and every order but changes nothing; publisher and
 * dept_admin act for their own department only.
 */

/** Enough of a user (or a key's owner) to decide: a department-less role is a citizen or a city-wide one. */
export type Viewer = { role?: string | null; departmentId?: string | null };
type Someone = Viewer | null | undefined;

const publishingRoles: ReadonlySet<string> = new Set(['publisher', 'dept_admin']);

/** Everything: any department's data, (re)assigning new-data requests to a department. */
export const canAdmin = (user: Someone): boolean => user?.role === 'admin';

/** The assessment: scorecards, per-department drill-downs, monthly reports (read-only). */
export const canReview = (user: Someone): boolean => canAdmin(user) || user?.role === 'reviewer';

/** Holds a publishing role for some department (or is an admin): the publishing API and the console link. */
export const canPublish = (user: Someone): boolean => canAdmin(user) || publishingRoles.has(user?.role ?? '');

/** Changes this department's datasets and versions, and answers the demands addressed to it. */
export function canPublishFor(user: Someone, departmentId: string | null): boolean {
  if (canAdmin(user)) return true;
  return publishingRoles.has(user?.role ?? '') && departmentId !== null && user?.departmentId === departmentId;
}

/** The department console: an admin, or a publisher or department admin who belongs to a department. */
export const canUseConsole = (user: Someone): boolean => canAdmin(user) || (canPublish(user) && !!user?.departmentId);

/** Manages a department's users (invites, roles, disabling, 2FA resets): an admin, or that department's admin. */
export function canManageUsersOf(user: Someone, departmentId: string | null): boolean {
  if (canAdmin(user)) return true;
  return user?.role === 'dept_admin' && departmentId !== null && user.departmentId === departmentId;
}

/** Every order on the demand board, whoever placed or received it (orders are otherwise private to the two sides). */
export const canSeeEveryOrder = (user: Someone): boolean => canReview(user);

/**
 * Reads a conditional (有条件开放) dataset in full, without a grant: an admin, or anyone who belongs to the
 * department that owns it (its own data is never withheld from it).
 */
export function canReadAllOf(user: Someone, ownerDepartmentId: string): boolean {
  return canAdmin(user) || (!!user?.departmentId && user.departmentId === ownerDepartmentId);
}
