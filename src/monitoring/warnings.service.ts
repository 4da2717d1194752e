import type { AppDeps } from '../app-deps.js';
import { canPublishFor, canReview, canUseConsole, userNamesById } from '../auth/index.js';
import { selectCatalog } from '../catalog/index.js';
import { inTransaction } from '../db/transaction.js';
import { isoSeconds } from '../lib/dates.js';
import { ApiError, notFound } from '../lib/errors.js';
import type { SessionUser } from '../lib/context.js';
import { closeWarning } from './monitor.run.js';
import { notifyDepartment, notifyReviewers, warningText } from './monitoring.notify.js';
import { insertWarningEvent, selectWarning, selectWarningEvents, selectWarnings, updateWarning, type WarningFilter, type WarningRow } from './warnings.store.js';

// Who sees and answers warnings: a department sees its own and explains them; reviewers (and admins) see all and
// accept or reject the explanations. The monitor opens, re-checks, escalates and closes them (monitor.run.ts).

type Deps = Pick<AppDeps, 'db' | 'caches' | 'now'>;

export type WarningView = {
  id: number; kind: WarningRow['kind']; status: WarningRow['status'];
  dataset: { id: string; title_zh: string; title_en: string }; department_id: string;
  finding: Record<string, unknown>; opened_at: string; due_at: string; closed_at: string | null; overdue: boolean;
  explanation: string | null; awaiting_review: boolean;
  events: { ts: string; type: string; actor: string | null; note: string | null }[];
};

/** What a viewer may list: reviewers and admins everything (or one department), a department its own; others nothing. */
export function visibleDepartment(user: SessionUser | null | undefined, asked: string | undefined): string | undefined {
  if (canReview(user)) return asked;
  if (user && canUseConsole(user) && user.departmentId) {
    if (asked && asked !== user.departmentId) throw new ApiError(403, 'forbidden', "A department sees its own warnings only.");
    return user.departmentId;
  }
  throw new ApiError(403, 'forbidden', 'Warnings are for the departments concerned and for reviewers.');
}

export async function listWarnings(deps: Deps, user: SessionUser | null | undefined, filter: Omit<WarningFilter, 'departmentId'> & { department?: string }, limit = 200): Promise<WarningView[]> {
  const departmentId = visibleDepartment(user, filter.department);
  const rows = await selectWarnings(deps.db, { departmentId, status: filter.status, kind: filter.kind }, limit);
  return await present(deps, rows);
}

async function present(deps: Deps, rows: WarningRow[]): Promise<WarningView[]> {
  const datasets = new Map((await selectCatalog(deps)).map((d) => [d.pk, d]));
  const events = await selectWarningEvents(deps.db, rows.map((r) => r.id));
  const names = await userNamesById(deps.db, events.map((e) => e.actor));
  const now = deps.now().getTime();
  return rows.map((w) => {
    const d = datasets.get(w.datasetPk);
    return {
      id: w.id, kind: w.kind, status: w.status,
      dataset: { id: d?.id ?? String(w.datasetPk), title_zh: d?.title_zh ?? '', title_en: d?.title_en ?? '' }, department_id: w.departmentId,
      finding: JSON.parse(w.finding) as Record<string, unknown>, opened_at: w.openedAt, due_at: w.dueAt, closed_at: w.closedAt,
      overdue: w.closedAt === null ? Date.parse(w.dueAt) < now : Date.parse(w.closedAt) > Date.parse(w.dueAt),
      explanation: w.explanation, awaiting_review: w.explanation !== null && w.status !== 'closed',
      events: events.filter((e) => e.warningId === w.id).map((e) => ({ ts: e.ts, type: e.type, actor: e.actor ? (names.get(e.actor)?.name ?? e.actor) : null, note: e.note })),
    };
  });
}

async function found(deps: Deps, id: number): Promise<WarningRow> {
  const w = await selectWarning(deps.db, id);
  if (!w) throw notFound('Warning', id);
  return w;
}

const title = async (deps: Deps, w: WarningRow) => (await selectCatalog(deps)).find((d) => d.pk === w.datasetPk)?.title_zh ?? String(w.datasetPk);

/** The department explains a warning (整改说明): a reviewer then accepts it (closing the warning) or rejects it. */
export async function explainWarning(deps: Deps, user: SessionUser, id: number, explanation: string): Promise<WarningView> {
  const w = await found(deps, id);
  if (!canPublishFor(user, w.departmentId)) throw new ApiError(403, 'forbidden', 'Only the department concerned explains its warnings.');
  if (w.status === 'closed') throw new ApiError(409, 'warning_closed', 'This warning is closed.');
  const ts = isoSeconds(deps.now());
  const name = await title(deps, w);
  await inTransaction(deps.db, async (tx) => {
    await updateWarning(tx, w.id, { explanation, status: w.status === 'escalated' ? 'escalated' : 'rectifying' });
    await insertWarningEvent(tx, { warningId: w.id, ts, type: 'explained', actor: user.id, note: explanation });
    await notifyReviewers(tx, warningText.explained(name), ts);
  });
  return (await present(deps, [(await selectWarning(deps.db, id))!]))[0]!;
}

/** A reviewer's decision on an explanation: accepted closes the warning; rejected sends it back (the reason told). */
export async function reviewWarning(deps: Deps, user: SessionUser, id: number, decision: 'accept' | 'reject', note: string | undefined): Promise<WarningView> {
  if (!canReview(user)) throw new ApiError(403, 'forbidden', 'Explanations are reviewed by reviewers.');
  const w = await found(deps, id);
  if (w.status === 'closed' || w.explanation === null) throw new ApiError(409, 'nothing_to_review', 'This warning has no explanation waiting for review.');
  if (decision === 'reject' && !note?.trim()) throw new ApiError(400, 'validation_failed', 'Say why the explanation is rejected.', { errors: [{ field: 'note', message: 'required when rejecting' }] });
  const ts = isoSeconds(deps.now());
  const name = await title(deps, w);
  if (decision === 'accept') {
    await inTransaction(deps.db, async (tx) => {
      await insertWarningEvent(tx, { warningId: w.id, ts, type: 'explanation_accepted', actor: user.id, note: note?.trim() || null });
      await notifyDepartment(tx, w.departmentId, warningText.accepted(name), ts);
    });
    await closeWarning(deps, w, ts, user.id, '情况说明已采纳 explanation accepted');
  } else {
    await inTransaction(deps.db, async (tx) => {
      await updateWarning(tx, w.id, { explanation: null, status: w.status === 'escalated' ? 'escalated' : 'open' });
      await insertWarningEvent(tx, { warningId: w.id, ts, type: 'explanation_rejected', actor: user.id, note: note!.trim() });
      await notifyDepartment(tx, w.departmentId, warningText.rejected(name, note!.trim()), ts);
    });
  }
  return (await present(deps, [(await selectWarning(deps.db, id))!]))[0]!;
}
