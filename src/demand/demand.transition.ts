import type { SessionUser } from '../lib/context.js';
import { inTransaction } from '../db/transaction.js';
import { ApiError, notFound } from '../lib/errors.js';
import type { DemandCtx } from './demand.context.js';
import { assertFrom, stepFor, type DemandAction } from './demand.machine.js';
import { getDemand, type DemandRow } from './demand.queries.js';
import { isoSeconds } from '../lib/dates.js';
import { moveStatus, recordEvent } from './demand.store.js';
import { assertCanView, assertSide } from './demand.access.js';
import { notifyProvider, notifyRequester } from './demand.notify.js';
import { planStep, type StepInput, type StepPlan } from './demand.steps.js';
import { countHandovers } from './demand.usage.js';
import { recordAudit, type AuditActor } from '../audit/index.js';

export async function findVisibleDemand(ctx: DemandCtx, user: SessionUser | null, id: string): Promise<DemandRow> {
  const d = await getDemand(ctx.deps.db, id, ctx.deps.now());
  if (!d) throw notFound('Demand', id);
  assertCanView(user, d);
  return d;
}

async function movedMeanwhile(ctx: DemandCtx, d: DemandRow, action: DemandAction): Promise<ApiError> {
  const now = (await getDemand(ctx.deps.db, d.id, ctx.deps.now()))!;
  return new ApiError(409, 'invalid_transition', `'${action}' is not possible now: someone else moved it to '${now.status}' meanwhile.`, { current_status: now.status, action });
}

async function commit(ctx: DemandCtx, actor: SessionUser, d: DemandRow, action: DemandAction, plan: StepPlan, audit?: AuditActor): Promise<void> {
  const step = stepFor(d.kind, action, d.status);
  const ts = isoSeconds(ctx.deps.now());
  const moved = await inTransaction(ctx.deps.db, async (tx) => {
    if (!(await moveStatus(tx, d.id, d.status, step.to, plan.patch, ts))) return false; // nothing written: someone else moved it
    await plan.write?.(tx, ts);
    await recordEvent(tx, { demandId: d.id, ts, actorUserId: actor.id, action, from: d.status, to: step.to, note: plan.note });
    const who = { ...d, provider_department_id: plan.patch.provider_department_id ?? d.provider_department_id };
    if (step.side === 'provider') await notifyRequester(tx, who, plan.message, ts, actor.id);
    else await notifyProvider(tx, who, plan.message, ts, actor.id);
    return true;
  });
  if (!moved) throw await movedMeanwhile(ctx, d, action);
  // A provider's answer is a privileged act (a requester's own steps are not): 'demand.accept', 'demand.request_info', ...
  if (step.side === 'provider') {
    const who = audit ?? { actor: actor.id, actorRole: actor.role, actorDepartmentId: actor.departmentId, requestId: null, clientHash: null };
    await recordAudit(ctx.deps.db, { ...who, action: `demand.${action.replace('-', '_')}`, target: `demand:${d.id}`, targetDepartmentId: plan.patch.provider_department_id ?? d.provider_department_id, summary: `${d.status} -> ${step.to}` });
  }
}

/**
 * `POST /demands/{id}/{action}`: 404 unknown, 403 not yours to see or to take this step, 409
 * `invalid_transition` naming the current state, 400 when the step lacks what it needs. The step
 * and its event are written in one transaction, guarded against a concurrent step.
 */
export async function takeAction(ctx: DemandCtx, actor: SessionUser, id: string, action: DemandAction, input: StepInput, audit?: AuditActor): Promise<DemandRow> {
  const d = await findVisibleDemand(ctx, actor, id);
  const step = stepFor(d.kind, action, d.status);
  assertSide(actor, d, action, step.side);
  assertFrom(d.kind, action, d.status);
  if (action === 'deliver') {
    if (ctx.delivering.has(d.id)) throw new ApiError(409, 'invalid_transition', `The order is being delivered right now; it is '${d.status}' until that finishes.`, { current_status: d.status, action });
    ctx.delivering.add(d.id);
  }
  try {
    const plan = await planStep(ctx, actor, d, action, input);
    await commit(ctx, actor, d, action, plan, audit);
    if (action === 'deliver') countHandovers(ctx.deps, d, plan.handovers ?? []);
  } finally {
    if (action === 'deliver') ctx.delivering.delete(d.id);
  }
  return (await getDemand(ctx.deps.db, d.id, ctx.deps.now()))!;
}
