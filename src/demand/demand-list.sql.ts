import type { Db } from '../db/client.js';
import { firstResponseActions, type DemandKind, type DemandStatus } from './demand.machine.js';
import { shanghaiDay } from './demand.workdays.js';

// Demands as the board lists them: the row with figures derived in SQL (first answer, votes, items, overdue),
// filtered and paged newest first. Reporting SQL (a CTE with a computed column filtered on), so it stays raw;
// names of the people, departments and datasets involved are added by demand.queries.ts through their owners.

export type OverdueReason = 'response' | 'delivery' | 'plan';

/** A demand's own columns and derived figures (snake_case, as the API and pages use them). */
export type StoredDemand = {
  id: string; kind: DemandKind; title: string; description: string; purpose: string; legal_basis: string | null; agreement: string | null;
  requester_user_id: string; requester_department_id: string | null; provider_department_id: string | null; dataset_pk: number | null;
  delivery_mode: 'file' | 'api' | 'recurring' | null; due_at: string | null; first_response_due_at: string | null; first_response_at: string | null;
  status: DemandStatus; planned_for: string | null; linked_dataset_pk: number | null; linked_version: number | null; row_ref: string | null;
  field_ref: string | null; rating: number | null; rating_comment: string | null; votes: number; item_count: number; created_at: string;
  updated_at: string; overdue: OverdueReason | null;
};

/** Which demands a viewer may see: all, the public ones (everything but orders), or those plus their own and their department's orders. */
export type DemandScope = { every: true } | { publicOnly: true } | { userId: string; departmentId: string | null };

export type DemandFilters = {
  kind?: DemandKind;
  /** Several kinds (the public board shows new-data requests and corrections). */
  kinds?: DemandKind[];
  status?: DemandStatus;
  department?: string;
  side?: 'sent' | 'received';
  overdue?: boolean;
  /** A dataset's key: demands about it or ordering it (null: a dataset that does not exist, so none). */
  datasetPk?: number | null;
};

/** Where a page of the newest-first list ended. */
export type ListPosition = [createdAt: string, id: string];

const responseActions = firstResponseActions.map((a) => `'${a}'`).join(', ');

const baseSelect = `
  SELECT d.id, d.kind, d.title, d.description, d.purpose, d.legal_basis, d.agreement,
         d.requester_user_id, d.requester_department_id, d.provider_department_id, d.dataset_pk,
         d.delivery_mode, d.due_at, d.first_response_due_at, d.status, d.planned_for,
         d.linked_dataset_pk, d.linked_version, d.row_ref, d.field_ref, d.rating, d.rating_comment, d.created_at, d.updated_at,
         (SELECT MIN(e.ts) FROM demand_events e WHERE e.demand_id = d.id AND e.action IN (${responseActions})) AS first_response_at,
         (SELECT COUNT(*) FROM demand_votes v WHERE v.demand_id = d.id) AS votes,
         (SELECT COUNT(*) FROM demand_items i WHERE i.demand_id = d.id) AS item_count
    FROM demands d`;

/** Computed, never stored: the first answer is late, the delivery (or fix) is late, or the planned date has passed. */
const overdueCase = `CASE
    WHEN status = 'submitted' AND first_response_at IS NULL AND first_response_due_at < @now THEN 'response'
    WHEN due_at IS NOT NULL AND status IN ('submitted', 'needs_info', 'accepted') AND due_at < @now THEN 'delivery'
    WHEN kind = 'new_data' AND status = 'planned' AND planned_for < @today THEN 'plan'
  END`;

type Params = Record<string, string | number | null>;

const clock = (now: Date): Params => ({ now: now.toISOString(), today: shanghaiDay(now) });

export async function selectDemand(db: Db, id: string, now: Date): Promise<StoredDemand | undefined> {
  return db.$client
    .prepare(`WITH base AS (${baseSelect} WHERE d.id = @id) SELECT base.*, ${overdueCase} AS overdue FROM base`)
    .get({ id, ...clock(now) }) as StoredDemand | undefined;
}

function visibility(scope: DemandScope, params: Params): string {
  if ('publicOnly' in scope) return `d.kind <> 'order'`;
  if ('every' in scope) return '1';
  params.uid = scope.userId;
  params.udept = scope.departmentId;
  return `(d.kind <> 'order' OR d.requester_user_id = @uid OR d.requester_department_id = @udept OR d.provider_department_id = @udept)`;
}

function sideClause(f: DemandFilters, viewer: { id: string; departmentId: string | null } | null, params: Params): string | null {
  if (f.department) {
    params.dept = f.department;
    if (f.side === 'sent') return 'd.requester_department_id = @dept';
    if (f.side === 'received') return 'd.provider_department_id = @dept';
    return '(d.requester_department_id = @dept OR d.provider_department_id = @dept)';
  }
  if (!f.side) return null;
  params.me = viewer?.id ?? null;
  params.mydept = viewer?.departmentId ?? null;
  return f.side === 'sent' ? '(d.requester_user_id = @me OR d.requester_department_id = @mydept)' : 'd.provider_department_id = @mydept';
}

function whereOf(f: DemandFilters, scope: DemandScope, viewer: { id: string; departmentId: string | null } | null, params: Params): string {
  const conds = [visibility(scope, params)];
  if (f.kind) {
    params.kind = f.kind;
    conds.push('d.kind = @kind');
  }
  // Kinds come from the enum, never from a request string.
  if (f.kinds?.length) conds.push(`d.kind IN (${f.kinds.map((k) => `'${k}'`).join(', ')})`);
  if (f.status) {
    params.status = f.status;
    conds.push('d.status = @status');
  }
  const side = sideClause(f, viewer, params);
  if (side) conds.push(side);
  if (f.datasetPk !== undefined) {
    if (f.datasetPk === null) conds.push('0');
    else {
      params.datasetPk = f.datasetPk;
      conds.push(`(d.dataset_pk = @datasetPk OR d.id IN (SELECT i.demand_id FROM demand_items i WHERE i.dataset_pk = @datasetPk))`);
    }
  }
  return conds.join(' AND ');
}

export async function selectDemands(
  db: Db, f: DemandFilters, scope: DemandScope, viewer: { id: string; departmentId: string | null } | null, now: Date, limit: number, after: ListPosition | null,
): Promise<{ rows: StoredDemand[]; total: number; next: ListPosition | null }> {
  const params = clock(now);
  const where = whereOf(f, scope, viewer, params);
  const outer: string[] = [];
  if (f.overdue !== undefined) outer.push(f.overdue ? 'overdue IS NOT NULL' : 'overdue IS NULL');
  const cte = `WITH base AS (${baseSelect} WHERE ${where}), rated AS (SELECT base.*, ${overdueCase} AS overdue FROM base)`;
  const filtered = outer.length ? ` WHERE ${outer.join(' AND ')}` : '';
  const total = db.$client.prepare(`${cte} SELECT COUNT(*) FROM rated${filtered}`).pluck().get(params) as number;
  const page = [...outer];
  if (after) {
    page.push('(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))');
    params.afterAt = after[0];
    params.afterId = after[1];
  }
  params.limit = limit + 1;
  const rows = db.$client
    .prepare(`${cte} SELECT * FROM rated${page.length ? ` WHERE ${page.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT @limit`)
    .all(params) as StoredDemand[];
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, total, next: more && last ? [last.created_at, last.id] : null };
}
