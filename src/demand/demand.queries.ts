import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { canSeeEveryOrder } from '../auth/index.js';
import { firstResponseActions, type DemandKind, type DemandStatus } from './demand.machine.js';
import { shanghaiDay } from './demand.workdays.js';

export type OverdueReason = 'response' | 'delivery' | 'plan';

/** A demand as read for the API and the pages: its row, names of who is involved, and computed figures. */
export type DemandRow = {
  id: string;
  kind: DemandKind;
  title: string;
  description: string;
  purpose: string;
  legal_basis: string | null;
  agreement: string | null;
  requester_user_id: string;
  requester_name: string;
  requester_department_id: string | null;
  requester_department_zh: string | null;
  requester_department_en: string | null;
  provider_department_id: string | null;
  provider_department_zh: string | null;
  provider_department_en: string | null;
  dataset_pk: number | null;
  dataset_id: string | null;
  dataset_title_zh: string | null;
  dataset_title_en: string | null;
  delivery_mode: 'file' | 'api' | 'recurring' | null;
  due_at: string | null;
  first_response_due_at: string | null;
  first_response_at: string | null;
  status: DemandStatus;
  planned_for: string | null;
  linked_dataset_pk: number | null;
  linked_dataset_id: string | null;
  linked_dataset_title_zh: string | null;
  linked_version: number | null;
  row_ref: string | null;
  field_ref: string | null;
  rating: number | null;
  rating_comment: string | null;
  votes: number;
  item_count: number;
  created_at: string;
  updated_at: string;
  overdue: OverdueReason | null;
};

const responseActions = firstResponseActions.map((a) => `'${a}'`).join(', ');

const baseSelect = `
  SELECT d.id, d.kind, d.title, d.description, d.purpose, d.legal_basis, d.agreement,
         d.requester_user_id, u.name AS requester_name,
         d.requester_department_id, rd.name_zh AS requester_department_zh, rd.name_en AS requester_department_en,
         d.provider_department_id, pd.name_zh AS provider_department_zh, pd.name_en AS provider_department_en,
         d.dataset_pk, ds.id AS dataset_id, ds.title_zh AS dataset_title_zh, ds.title_en AS dataset_title_en,
         d.delivery_mode, d.due_at, d.first_response_due_at, d.status, d.planned_for,
         d.linked_dataset_pk, ld.id AS linked_dataset_id, ld.title_zh AS linked_dataset_title_zh, d.linked_version,
         d.row_ref, d.field_ref, d.rating, d.rating_comment, d.created_at, d.updated_at,
         (SELECT MIN(e.ts) FROM demand_events e WHERE e.demand_id = d.id AND e.action IN (${responseActions})) AS first_response_at,
         (SELECT COUNT(*) FROM demand_votes v WHERE v.demand_id = d.id) AS votes,
         (SELECT COUNT(*) FROM demand_items i WHERE i.demand_id = d.id) AS item_count
    FROM demands d
    JOIN users u ON u.id = d.requester_user_id
    LEFT JOIN departments rd ON rd.id = d.requester_department_id
    LEFT JOIN departments pd ON pd.id = d.provider_department_id
    LEFT JOIN datasets ds ON ds.pk = d.dataset_pk
    LEFT JOIN datasets ld ON ld.pk = d.linked_dataset_pk`;

/** Computed, never stored: the first answer is late, the delivery (or fix) is late, or the planned date has passed. */
const overdueCase = `CASE
    WHEN status = 'submitted' AND first_response_at IS NULL AND first_response_due_at < @now THEN 'response'
    WHEN due_at IS NOT NULL AND status IN ('submitted', 'needs_info', 'accepted') AND due_at < @now THEN 'delivery'
    WHEN kind = 'new_data' AND status = 'planned' AND planned_for < @today THEN 'plan'
  END`;

const clock = (now: Date) => ({ now: now.toISOString(), today: shanghaiDay(now) });

export function getDemand(db: Db, id: string, now: Date): DemandRow | undefined {
  return db.$client
    .prepare(`WITH base AS (${baseSelect} WHERE d.id = @id) SELECT base.*, ${overdueCase} AS overdue FROM base`)
    .get({ id, ...clock(now) }) as DemandRow | undefined;
}

export type DemandFilters = {
  kind?: DemandKind;
  /** Several kinds (the public board shows new-data requests and corrections). */
  kinds?: DemandKind[];
  status?: DemandStatus;
  department?: string;
  side?: 'sent' | 'received';
  overdue?: boolean;
  dataset?: string;
};

type Params = Record<string, string | number | null>;

/** Orders are seen by both departments, the requester, admins and reviewers; requests and corrections by everyone. */
function visibility(viewer: SessionUser | null, params: Params): string {
  if (!viewer) return `d.kind <> 'order'`;
  if (canSeeEveryOrder(viewer)) return '1';
  params.uid = viewer.id;
  params.udept = viewer.departmentId;
  return `(d.kind <> 'order' OR d.requester_user_id = @uid OR d.requester_department_id = @udept OR d.provider_department_id = @udept)`;
}

function sideClause(f: DemandFilters, viewer: SessionUser | null, params: Params): string | null {
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

function whereOf(f: DemandFilters, viewer: SessionUser | null, params: Params): string {
  const conds = [visibility(viewer, params)];
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
  if (f.dataset) {
    params.dataset = f.dataset;
    conds.push(`(ds.id = @dataset OR d.id IN (SELECT i.demand_id FROM demand_items i JOIN datasets x ON x.pk = i.dataset_pk WHERE x.id = @dataset))`);
  }
  return conds.join(' AND ');
}

/** Where a page of the newest-first list ended. */
export type ListPosition = [createdAt: string, id: string];

export function listDemands(db: Db, f: DemandFilters, viewer: SessionUser | null, now: Date, limit: number, after: ListPosition | null) {
  const params: Params = clock(now);
  const where = whereOf(f, viewer, params);
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
    .all(params) as DemandRow[];
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, total, next: more && last ? ([last.created_at, last.id] as ListPosition) : null };
}

export type ItemRow = { id: number; dataset_pk: number; dataset_id: string; title_zh: string; title_en: string; open_type: string; department_id: string; latest_version: number | null; fields: string | null; filter: string | null };

export const demandItems = (db: Db, demandId: string) =>
  db.$client
    .prepare(
      `SELECT i.id, i.dataset_pk, x.id AS dataset_id, x.title_zh, x.title_en, x.open_type, x.department_id, x.latest_version, i.fields, i.filter
         FROM demand_items i JOIN datasets x ON x.pk = i.dataset_pk WHERE i.demand_id = ? ORDER BY i.id`,
    )
    .all(demandId) as ItemRow[];

export type EventRow = { id: number; ts: string; action: string; from_status: string | null; to_status: string; note: string | null; actor_user_id: string | null; actor_name: string | null; actor_department_id: string | null };

export const demandEvents = (db: Db, demandId: string) =>
  db.$client
    .prepare(
      `SELECT e.id, e.ts, e.action, e.from_status, e.to_status, e.note, e.actor_user_id, u.name AS actor_name, u.department_id AS actor_department_id
         FROM demand_events e LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.demand_id = ? ORDER BY e.ts, e.id`,
    )
    .all(demandId) as EventRow[];

export type CommentRow = { id: number; body: string; user_id: string; author_name: string; author_department_id: string | null; created_at: string };

export const demandComments = (db: Db, demandId: string) =>
  db.$client
    .prepare(`SELECT c.id, c.body, c.user_id, u.name AS author_name, u.department_id AS author_department_id, c.created_at FROM demand_comments c JOIN users u ON u.id = c.user_id WHERE c.demand_id = ? ORDER BY c.created_at, c.id`)
    .all(demandId) as CommentRow[];

export type DeliveryRow = {
  id: string; demand_id: string; dataset_pk: number; dataset_id: string; title_zh: string; title_en: string; version: number;
  artifact_sha: string | null; artifact_bytes: number | null; format: string | null; grant_id: string | null; grant_expires_at: string | null; delivered_at: string;
};

const deliverySelect = `
  SELECT v.id, v.demand_id, v.dataset_pk, x.id AS dataset_id, x.title_zh, x.title_en, v.version, v.artifact_sha, v.artifact_bytes, v.format, v.grant_id,
         g.expires_at AS grant_expires_at, v.delivered_at
    FROM deliveries v JOIN datasets x ON x.pk = v.dataset_pk LEFT JOIN grants g ON g.id = v.grant_id`;

export const demandDeliveries = (db: Db, demandId: string) =>
  db.$client.prepare(`${deliverySelect} WHERE v.demand_id = ? ORDER BY v.delivered_at, v.dataset_pk, v.format`).all(demandId) as DeliveryRow[];

export const getDelivery = (db: Db, id: string) => db.$client.prepare(`${deliverySelect} WHERE v.id = ?`).get(id) as DeliveryRow | undefined;

export const hasVoted = (db: Db, demandId: string, userId: string) =>
  Boolean(db.$client.prepare('SELECT 1 FROM demand_votes WHERE demand_id = ? AND user_id = ?').get(demandId, userId));
