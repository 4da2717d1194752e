import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { canAdmin } from '../auth/index.js';
import { departmentExists, demandDatasetById } from '../catalog/index.js';
import { latestPublished, getVersion } from '../versions/index.js';
import type { DemandCtx } from './demand.context.js';
import type { DemandAction } from './demand.machine.js';
import { demandItems, type DemandRow } from './demand.queries.js';
import type { DemandPatch } from './demand.store.js';
import { notificationText } from './demand.notify.js';
import { deliveryNote, grantExpiry, prepareGrants, prepareSnapshots, recordHandovers, type Handover } from './demand.delivery.js';
import { shanghaiDay } from './demand.workdays.js';

/** What may come with a step; which parts a step needs is checked here, per step. */
export type StepInput = {
  note?: string;
  reason?: string;
  rating?: number;
  comment?: string;
  planned_for?: string;
  dataset?: string;
  version?: number;
  expires_at?: string;
  department?: string;
};

/** A step worked out before anything is written: the columns it sets, its event note, the message, and extra writes. */
export type StepPlan = {
  patch: DemandPatch;
  note: string | null;
  message: string;
  /** Runs inside the transaction that moves the status. */
  write?: (tx: Db, ts: string) => Promise<void>;
  handovers?: Handover[];
};

const required = (field: string, what: string) => new ApiError(400, 'invalid_body', `'${field}' is required: ${what}.`, { errors: [{ field, message: 'required' }] });

const text = (input: StepInput) => input.note?.trim() || input.reason?.trim() || input.comment?.trim() || '';

/** An admin answering a request nobody was addressed to names the department that answers it. */
async function assignment(ctx: DemandCtx, actor: SessionUser, d: DemandRow, input: StepInput, fallback?: string): Promise<DemandPatch> {
  const department = input.department ?? (d.provider_department_id ? undefined : fallback);
  if (!department) {
    if (!d.provider_department_id) throw required('department', 'no department has been addressed yet; name the one that answers');
    return {};
  }
  if (department === d.provider_department_id) return {};
  if (!canAdmin(actor) || d.kind !== 'new_data') throw new ApiError(403, 'forbidden', 'Only an admin may (re)assign the department of a new-data request.');
  if (!await departmentExists(ctx.deps.db, department)) {
    throw new ApiError(422, 'invalid_reference', `Department '${department}' does not exist.`, { errors: [{ field: 'department', message: 'no such department' }] });
  }
  return { provider_department_id: department };
}

function planFor(ctx: DemandCtx, d: DemandRow, input: StepInput): string {
  const day = input.planned_for;
  if (!day) throw required('planned_for', 'the approximate date the data will be open (YYYY-MM-DD)');
  if (day < shanghaiDay(ctx.deps.now())) throw new ApiError(400, 'invalid_body', 'The planned date lies in the past.', { errors: [{ field: 'planned_for', message: 'today or later' }] });
  return day;
}

async function linkedDataset(ctx: DemandCtx, id: string | undefined) {
  if (!id) throw required('dataset', 'the id of the dataset that now holds the data');
  const row = await demandDatasetById(ctx.deps.db, id);
  if (!row) throw new ApiError(422, 'invalid_reference', `Dataset '${id}' does not exist.`, { errors: [{ field: 'dataset', message: 'no such dataset' }] });
  if (row.latest_version === null) throw new ApiError(422, 'dataset_unavailable', `Dataset '${id}' has no published version yet.`);
  return row;
}

/** The version that fixes a correction: published after the report (the latest one unless named). */
async function fixingVersion(ctx: DemandCtx, d: DemandRow, n: number | undefined): Promise<number> {
  const found = n ? await getVersion(ctx.deps.db, d.dataset_pk!, n) : await latestPublished(ctx.deps.db, d.dataset_pk!);
  const row = found?.status === 'published' ? { n: found.n, published_at: found.publishedAt } : undefined;
  if (!row) throw new ApiError(422, 'invalid_reference', n ? `Version ${n} of '${d.dataset_id}' is not a published version.` : `'${d.dataset_id}' has no published version.`, { errors: [{ field: 'version', message: 'no such published version' }] });
  if (row.published_at <= d.created_at) {
    throw new ApiError(422, 'version_not_newer', `Version ${row.n} of '${d.dataset_id}' was published before the correction was reported; publish the corrected data as a new version first.`, { errors: [{ field: 'version', message: 'published before the report' }] });
  }
  return row.n;
}

async function deliverPlan(ctx: DemandCtx, d: DemandRow, input: StepInput): Promise<StepPlan> {
  const items = await demandItems(ctx.deps.db, d.id);
  const api = d.delivery_mode === 'api';
  const expiresAt = api ? grantExpiry(ctx.deps.now(), input.expires_at) : null;
  const handovers = api ? await prepareGrants(ctx, items) : await prepareSnapshots(ctx, items);
  return {
    patch: {},
    note: [input.note?.trim(), deliveryNote(handovers, expiresAt)].filter(Boolean).join('\n'),
    message: notificationText.deliver(d.title),
    write: (tx, ts) => recordHandovers(tx, d, handovers, ts, expiresAt),
    handovers,
  };
}

/** Checks what the step needs and works out what it writes; nothing is written yet. */
export async function planStep(ctx: DemandCtx, actor: SessionUser, d: DemandRow, action: DemandAction, input: StepInput): Promise<StepPlan> {
  const note = text(input) || null;
  switch (action) {
    case 'accept':
    case 'answer':
    case 'cancel':
      if (action === 'answer' && !note) throw required('note', 'the information asked for');
      return { patch: {}, note, message: action === 'accept' ? notificationText.accept(d.title) : action === 'answer' ? notificationText.answer(d.title) : notificationText.cancel(d.title) };
    case 'request-info':
      if (!note) throw required('note', 'what the requester should add');
      return { patch: {}, note, message: notificationText['request-info'](d.title, note) };
    case 'reject':
      if (!note) throw required('reason', 'why the demand is turned down');
      return { patch: await assignment(ctx, actor, d, input), note, message: notificationText.reject(d.title, note) };
    case 'confirm':
      if (!input.rating) throw required('rating', 'a rating from 1 to 5');
      return { patch: { rating: input.rating, rating_comment: input.comment?.trim() || input.note?.trim() || null }, note, message: notificationText.confirm(d.title, input.rating) };
    case 'plan': {
      const day = planFor(ctx, d, input);
      return { patch: { ...await assignment(ctx, actor, d, input), planned_for: day }, note: [day, note].filter(Boolean).join(' · '), message: notificationText.plan(d.title, day) };
    }
    case 'fulfil': {
      const ds = await linkedDataset(ctx, input.dataset);
      return { patch: { ...await assignment(ctx, actor, d, input, ds.department_id), linked_dataset_pk: ds.pk, linked_version: ds.latest_version! }, note: [ds.id, note].filter(Boolean).join(' · '), message: notificationText.fulfil(d.title, ds.title_zh) };
    }
    case 'fix': {
      const n = await fixingVersion(ctx, d, input.version);
      return { patch: { linked_dataset_pk: d.dataset_pk!, linked_version: n }, note: [`第 ${n} 版`, note].filter(Boolean).join(' · '), message: notificationText.fix(d.title, n) };
    }
    case 'deliver':
      return deliverPlan(ctx, d, input);
  }
}
