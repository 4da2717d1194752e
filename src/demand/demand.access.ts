import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { canPublishFor, canSeeEveryOrder } from '../auth/index.js';
import { actionsFrom, machines, type DemandAction, type Side } from './demand.machine.js';
import type { DemandRow } from './demand.queries.js';

type Involved = Pick<DemandRow, 'kind' | 'status' | 'requester_user_id' | 'requester_department_id' | 'provider_department_id'>;

/** Requests and corrections are public; an order is seen by both departments, its requester, admins and reviewers. */
export function canView(user: SessionUser | null, d: Involved): boolean {
  if (d.kind !== 'order') return true;
  if (!user) return false;
  if (canSeeEveryOrder(user) || user.id === d.requester_user_id) return true;
  return user.departmentId !== null && (user.departmentId === d.requester_department_id || user.departmentId === d.provider_department_id);
}

/** The provider department's publishers and department admins answer; an admin may answer anything (and assign a department). */
export function isProvider(user: SessionUser, d: Involved): boolean {
  return canPublishFor(user, d.provider_department_id);
}

/** Whoever asked, and for an order placed on behalf of a department, that department's people. */
export function isRequester(user: SessionUser, d: Involved): boolean {
  if (user.id === d.requester_user_id) return true;
  return d.kind === 'order' && d.requester_department_id !== null && user.departmentId === d.requester_department_id;
}

const actsAs = (user: SessionUser, d: Involved, side: Side) => (side === 'provider' ? isProvider(user, d) : isRequester(user, d));

export function assertCanView(user: SessionUser | null, d: Involved & { id: string }): void {
  if (canView(user, d)) return;
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first: orders are seen only by the departments involved.');
  throw new ApiError(403, 'forbidden', `Order '${d.id}' is between other departments; only they (and reviewers) may see it.`);
}

export function assertSide(user: SessionUser, d: Involved & { id: string }, action: DemandAction, side: Side): void {
  if (actsAs(user, d, side)) return;
  const who = side === 'provider'
    ? d.provider_department_id ? `publishers of department '${d.provider_department_id}'` : 'an admin (no department has been addressed yet)'
    : 'the requester';
  throw new ApiError(403, 'forbidden', `Only ${who} may '${action}' ${d.kind === 'order' ? 'order' : 'demand'} '${d.id}'.`);
}

/** The steps this user could take now, for buttons on the pages and `allowed_actions` in the API. */
export function actionsFor(user: SessionUser | null, d: Involved): DemandAction[] {
  if (!user) return [];
  return actionsFrom(d.kind, d.status).filter((a) => actsAs(user, d, machines[d.kind][a]!.side));
}

/** Delivered files go to the requesting department's people (or the requesting person) only. */
export function canDownload(user: SessionUser | null, d: Involved): boolean {
  if (!user) return false;
  return user.id === d.requester_user_id || (d.requester_department_id !== null && user.departmentId === d.requester_department_id);
}
