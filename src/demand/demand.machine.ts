import { ApiError } from '../lib/errors.js';
import type { demandKinds, demandStatuses } from './demand.table.js';

export type DemandKind = (typeof demandKinds)[number];
export type DemandStatus = (typeof demandStatuses)[number];

export const demandActions = ['accept', 'request-info', 'answer', 'reject', 'deliver', 'confirm', 'cancel', 'plan', 'fulfil', 'fix'] as const;
export type DemandAction = (typeof demandActions)[number];

/** Who may take a step: the department that answers, or the one that asked. */
export type Side = 'provider' | 'requester';
export type Transition = { from: readonly DemandStatus[]; to: DemandStatus; side: Side };

/**
 * DESIGN section 5, as data. Every step taken is written to demand_events (from, to, actor, note),
 * the creation too (action `submit`, from nothing to `submitted`).
 */
export const machines: Record<DemandKind, Partial<Record<DemandAction, Transition>>> = {
  order: {
    accept: { from: ['submitted'], to: 'accepted', side: 'provider' },
    'request-info': { from: ['submitted'], to: 'needs_info', side: 'provider' },
    answer: { from: ['needs_info'], to: 'submitted', side: 'requester' },
    reject: { from: ['submitted'], to: 'rejected', side: 'provider' },
    deliver: { from: ['accepted'], to: 'delivered', side: 'provider' },
    confirm: { from: ['delivered'], to: 'confirmed', side: 'requester' },
    cancel: { from: ['submitted', 'needs_info', 'accepted'], to: 'cancelled', side: 'requester' },
  },
  new_data: {
    plan: { from: ['submitted'], to: 'planned', side: 'provider' },
    // A planned request is fulfilled when the data comes; the plan was an answer, not an end.
    fulfil: { from: ['submitted', 'planned'], to: 'fulfilled', side: 'provider' },
    reject: { from: ['submitted'], to: 'rejected', side: 'provider' },
  },
  correction: {
    accept: { from: ['submitted'], to: 'accepted', side: 'provider' },
    fix: { from: ['accepted'], to: 'fixed', side: 'provider' },
    // Rejected either as the answer to the report or after looking into an accepted one.
    reject: { from: ['submitted', 'accepted'], to: 'rejected', side: 'provider' },
  },
};

/** The provider's first answer ends the first-response clock (5 working days). */
export const firstResponseActions: readonly DemandAction[] = ['accept', 'request-info', 'reject', 'plan', 'fulfil'];

/** Statuses in which nothing more is owed by anyone. */
export const closedStatuses: readonly DemandStatus[] = ['rejected', 'confirmed', 'cancelled', 'fulfilled', 'fixed'];

export const kindLabel: Record<DemandKind, string> = { order: 'order', new_data: 'new-data request', correction: 'correction' };

export function actionsFrom(kind: DemandKind, status: DemandStatus): DemandAction[] {
  return Object.entries(machines[kind])
    .filter(([, t]) => t.from.includes(status))
    .map(([a]) => a as DemandAction);
}

function illegal(kind: DemandKind, action: DemandAction, status: DemandStatus, why: string): ApiError {
  const allowed = actionsFrom(kind, status);
  return new ApiError(409, 'invalid_transition', `${why} The ${kindLabel[kind]} is '${status}'; ${allowed.length ? `possible now: ${allowed.join(', ')}` : 'no further step is possible'}.`, {
    current_status: status,
    action,
    allowed_actions: allowed,
  });
}

/** The step `action` is for this kind; 409 `invalid_transition` naming the current state when it has none. */
export function stepFor(kind: DemandKind, action: DemandAction, status: DemandStatus): Transition {
  const t = machines[kind][action];
  if (!t) throw illegal(kind, action, status, `A ${kindLabel[kind]} has no '${action}' step.`);
  return t;
}

/** 409 `invalid_transition` naming the current state unless the step starts from it. */
export function assertFrom(kind: DemandKind, action: DemandAction, status: DemandStatus): Transition {
  const t = stepFor(kind, action, status);
  if (!t.from.includes(status)) throw illegal(kind, action, status, `'${action}' is not possible now.`);
  return t;
}
