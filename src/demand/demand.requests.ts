import type { SessionUser } from '../lib/context.js';
import { inTransaction } from '../db/transaction.js';
import { ApiError } from '../lib/errors.js';
import { coerceValue } from '../records/index.js';
import { primaryKeyOf, findRowByKey } from '../versions/index.js';
import { departmentExists as departmentFound, demandDatasetById } from '../catalog/index.js';
import type { DemandCtx } from './demand.context.js';
import { getDemand, type DemandRow } from './demand.queries.js';
import { isoSeconds } from '../lib/dates.js';
import { insertDemand, newDemandId, recordEvent, type NewDemand } from './demand.store.js';
import { notificationText, notifyProvider } from './demand.notify.js';
import { checkFields } from './demand.filter.js';
import { deliveryDays, firstResponseDays, workingDeadline } from './demand.workdays.js';

export type NewDataInput = { kind: 'new_data'; title: string; description?: string; wanted_fields?: string; purpose?: string; department?: string | null };
export type CorrectionInput = { kind: 'correction'; dataset: string; title?: string; description: string; row?: string | null; field?: string | null };

async function departmentExists(ctx: DemandCtx, id: string): Promise<void> {
  if (!await departmentFound(ctx.deps.db, id)) {
    throw new ApiError(422, 'invalid_reference', `Department '${id}' does not exist.`, { errors: [{ field: 'department', message: 'no such department' }] });
  }
}

/** The row a correction points at must exist in the latest version (by its primary key). */
async function checkRow(ctx: DemandCtx, datasetId: string, row: string): Promise<void> {
  const target = await ctx.resolver.latest(datasetId);
  const pk = primaryKeyOf(target.schema);
  const value = coerceValue(pk, row);
  const found = value.ok && await findRowByKey(ctx.deps.db, target.table, pk.name, value.value);
  if (!found) throw new ApiError(422, 'unknown_row', `Version ${target.n} of '${datasetId}' has no row with ${pk.name} = '${row.slice(0, 100)}'.`, { errors: [{ field: 'row', message: 'no such row' }] });
}

async function newDataDemand(ctx: DemandCtx, user: SessionUser, input: NewDataInput): Promise<Omit<NewDemand, 'id' | 'createdAt' | 'firstResponseDueAt'>> {
  if (input.department) await departmentExists(ctx, input.department);
  return {
    kind: 'new_data', title: input.title.trim(), description: input.description?.trim() ?? '', purpose: input.purpose?.trim() ?? '',
    // A new-data request has no field of its own to point at: field_ref holds the fields it wishes for.
    fieldRef: input.wanted_fields?.trim() || null,
    requesterUserId: user.id, requesterDepartmentId: user.departmentId, providerDepartmentId: input.department ?? null, dueAt: null,
  };
}

async function correctionDemand(ctx: DemandCtx, user: SessionUser, input: CorrectionInput, now: Date): Promise<Omit<NewDemand, 'id' | 'createdAt' | 'firstResponseDueAt'>> {
  const d = await demandDatasetById(ctx.deps.db, input.dataset);
  if (!d) throw new ApiError(422, 'invalid_reference', `Dataset '${input.dataset}' does not exist.`, { errors: [{ field: 'dataset', message: 'no such dataset' }] });
  if (d.latest_version === null) throw new ApiError(422, 'dataset_unavailable', `Dataset '${input.dataset}' has no published version to correct.`);
  const field = input.field?.trim() || null;
  if (field) checkFields((await ctx.resolver.latest(d.id)).schema, [field]);
  const row = input.row?.trim() || null;
  if (row) await checkRow(ctx, d.id, row);
  return {
    kind: 'correction', title: input.title?.trim() || `纠错：${d.title_zh}${field ? ` · ${field}` : ''}`, description: input.description.trim(),
    requesterUserId: user.id, requesterDepartmentId: user.departmentId, providerDepartmentId: d.department_id, datasetPk: d.pk,
    rowRef: row, fieldRef: field, dueAt: workingDeadline(ctx.calendar, now, deliveryDays),
  };
}

/** A new-data request or a correction, open to anyone signed in; recorded with its `submit` event. */
export async function createRequest(ctx: DemandCtx, user: SessionUser, input: NewDataInput | CorrectionInput): Promise<DemandRow> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const base = input.kind === 'new_data' ? await newDataDemand(ctx, user, input) : await correctionDemand(ctx, user, input, now);
  const demand: NewDemand = { ...base, id: newDemandId(), createdAt: isoSeconds(now), firstResponseDueAt: workingDeadline(ctx.calendar, now, firstResponseDays) };
  await inTransaction(db, async (tx) => {
    await insertDemand(tx, demand);
    await recordEvent(tx, { demandId: demand.id, ts: demand.createdAt, actorUserId: user.id, action: 'submit', from: null, to: 'submitted', note: null });
    const text = input.kind === 'new_data' ? notificationText.submitNewData(demand.title) : notificationText.submitCorrection(demand.title);
    await notifyProvider(tx, { id: demand.id, requester_user_id: user.id, provider_department_id: demand.providerDepartmentId }, text, demand.createdAt, user.id);
  });
  return (await getDemand(db, demand.id, now))!;
}
