import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type AnyDb } from '../db/engine.js';
import { bytewise } from './demand.tables.js';
import { firstResponseActions, type DemandKind, type DemandStatus } from './demand.machine.js';
import { shanghaiDay } from './demand.workdays.js';

// Demands as the board lists them: the row with figures derived in SQL (first answer, votes, items, overdue),
// filtered and paged newest first. Reporting SQL (a CTE with a computed column filtered on), so it stays raw, one
// text for both engines (drizzle's sql template; ISO timestamps and ids compared byte-wise, see `bytewise`);
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
  /** 1 for the generated demo history (0/1 on both engines). */
  is_demo: number;
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

const responseActions = sql.raw(firstResponseActions.map((a) => `'${a}'`).join(', '));

const baseSelect = (db: AnyDb) => sql`
  SELECT d.id, d.kind, d.title, d.description, d.purpose, d.legal_basis, d.agreement,
         d.requester_user_id, d.requester_department_id, d.provider_department_id, d.dataset_pk,
         d.delivery_mode, d.due_at, d.first_response_due_at, d.status, d.planned_for,
         d.linked_dataset_pk, d.linked_version, d.row_ref, d.field_ref, d.rating, d.rating_comment, d.created_at, d.updated_at, d.is_demo,
         (SELECT MIN(${bytewise(db, sql.raw('e.ts'))}) FROM demand_events e WHERE e.demand_id = d.id AND e.action IN (${responseActions})) AS first_response_at,
         (SELECT COUNT(*) FROM demand_votes v WHERE v.demand_id = d.id) AS votes,
         (SELECT COUNT(*) FROM demand_items i WHERE i.demand_id = d.id) AS item_count
    FROM demands d`;

/** Computed, never stored: the first answer is late, the delivery (or fix) is late, or the planned date has passed. */
function overdueCase(db: AnyDb, now: Date): SQL {
  const at = now.toISOString();
  const b = (column: string) => bytewise(db, sql.raw(column));
  return sql`CASE
    WHEN status = 'submitted' AND first_response_at IS NULL AND ${b('first_response_due_at')} < ${at} THEN 'response'
    WHEN due_at IS NOT NULL AND status IN ('submitted', 'needs_info', 'accepted') AND ${b('due_at')} < ${at} THEN 'delivery'
    WHEN kind = 'new_data' AND status = 'planned' AND ${b('planned_for')} < ${shanghaiDay(now)} THEN 'plan'
  END`;
}

export async function selectDemand(db: AnyDb, id: string, now: Date): Promise<StoredDemand | undefined> {
  const [row] = await rowsOf<StoredDemand>(db, sql`WITH base AS (${baseSelect(db)} WHERE d.id = ${id}) SELECT base.*, ${overdueCase(db, now)} AS overdue FROM base`);
  return row;
}

function visibility(scope: DemandScope): SQL {
  if ('publicOnly' in scope) return sql`d.kind <> 'order'`;
  if ('every' in scope) return sql`TRUE`;
  const { userId, departmentId } = scope;
  return sql`(d.kind <> 'order' OR d.requester_user_id = ${userId} OR d.requester_department_id = ${departmentId} OR d.provider_department_id = ${departmentId})`;
}

function sideClause(f: DemandFilters, viewer: { id: string; departmentId: string | null } | null): SQL | null {
  if (f.department) {
    const dept = f.department;
    if (f.side === 'sent') return sql`d.requester_department_id = ${dept}`;
    if (f.side === 'received') return sql`d.provider_department_id = ${dept}`;
    return sql`(d.requester_department_id = ${dept} OR d.provider_department_id = ${dept})`;
  }
  if (!f.side) return null;
  const me = viewer?.id ?? null;
  const mydept = viewer?.departmentId ?? null;
  return f.side === 'sent' ? sql`(d.requester_user_id = ${me} OR d.requester_department_id = ${mydept})` : sql`d.provider_department_id = ${mydept}`;
}

function whereOf(f: DemandFilters, scope: DemandScope, viewer: { id: string; departmentId: string | null } | null): SQL {
  const conds = [visibility(scope)];
  if (f.kind) conds.push(sql`d.kind = ${f.kind}`);
  // Kinds come from the enum, never from a request string.
  if (f.kinds?.length) conds.push(sql.raw(`d.kind IN (${f.kinds.map((k) => `'${k}'`).join(', ')})`));
  if (f.status) conds.push(sql`d.status = ${f.status}`);
  const side = sideClause(f, viewer);
  if (side) conds.push(side);
  if (f.datasetPk !== undefined) {
    if (f.datasetPk === null) conds.push(sql`FALSE`);
    else conds.push(sql`(d.dataset_pk = ${f.datasetPk} OR d.id IN (SELECT i.demand_id FROM demand_items i WHERE i.dataset_pk = ${f.datasetPk}))`);
  }
  return sql.join(conds, sql` AND `);
}

const whereAll = (conds: SQL[]): SQL => (conds.length ? sql` WHERE ${sql.join(conds, sql` AND `)}` : sql``);

export async function selectDemands(
  db: AnyDb, f: DemandFilters, scope: DemandScope, viewer: { id: string; departmentId: string | null } | null, now: Date, limit: number, after: ListPosition | null,
): Promise<{ rows: StoredDemand[]; total: number; next: ListPosition | null }> {
  const outer: SQL[] = [];
  if (f.overdue !== undefined) outer.push(f.overdue ? sql`overdue IS NOT NULL` : sql`overdue IS NULL`);
  const cte = sql`WITH base AS (${baseSelect(db)} WHERE ${whereOf(f, scope, viewer)}), rated AS (SELECT base.*, ${overdueCase(db, now)} AS overdue FROM base)`;
  const [{ n: total }] = (await rowsOf<{ n: number }>(db, sql`${cte} SELECT COUNT(*) AS n FROM rated${whereAll(outer)}`)) as [{ n: number }];
  const page = [...outer];
  const createdAt = bytewise(db, sql.raw('created_at'));
  const id = bytewise(db, sql.raw('id'));
  if (after) page.push(sql`(${createdAt} < ${after[0]} OR (created_at = ${after[0]} AND ${id} < ${after[1]}))`);
  const rows = await rowsOf<StoredDemand>(db, sql`${cte} SELECT * FROM rated${whereAll(page)} ORDER BY ${createdAt} DESC, ${id} DESC LIMIT ${limit + 1}`);
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, total, next: more && last ? [last.created_at, last.id] : null };
}
