import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { actionsFor, canDownload } from './demand.access.js';
import { demandComments, demandDeliveries, demandEvents, demandItems, hasVoted, type CommentRow, type DeliveryRow, type DemandRow } from './demand.queries.js';
import type { CartRow } from './demand.cart.js';
import { isAvailable } from './demand.cart.js';

const department = (id: string | null, zh: string | null, en: string | null) => (id ? { id, name_zh: zh ?? id, name_en: en ?? id } : null);

/**
 * On the public board, people outside departments appear with a masked name: an account's name
 * defaults to the local part of its e-mail address. Department staff act officially, by name.
 */
export const maskedName = (name: string) => `${[...name][0] ?? ''}**`;
const shownName = (name: string, departmentId: string | null, isPublic: boolean) => (isPublic && !departmentId ? maskedName(name) : name);

export const presentComment = (c: CommentRow, isPublic: boolean) => ({ id: c.id, body: c.body, author: shownName(c.author_name, c.author_department_id, isPublic), created_at: c.created_at });

/** The API shape of a demand in lists (snake_case, ISO timestamps, overdue computed). */
export function presentDemand(d: DemandRow) {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    description: d.description,
    purpose: d.purpose,
    legal_basis: d.legal_basis,
    status: d.status,
    overdue: d.overdue !== null,
    overdue_reason: d.overdue,
    demo: Number(d.is_demo) === 1,
    requester: { name: shownName(d.requester_name, d.requester_department_id, d.kind !== 'order'), department: department(d.requester_department_id, d.requester_department_zh, d.requester_department_en) },
    provider_department: department(d.provider_department_id, d.provider_department_zh, d.provider_department_en),
    dataset: d.dataset_id ? { id: d.dataset_id, title_zh: d.dataset_title_zh!, title_en: d.dataset_title_en! } : null,
    row: d.kind === 'correction' ? d.row_ref : null,
    field: d.kind === 'correction' ? d.field_ref : null,
    wanted_fields: d.kind === 'new_data' ? d.field_ref : null,
    delivery_mode: d.delivery_mode,
    item_count: d.item_count,
    created_at: d.created_at,
    first_response_due_at: d.first_response_due_at,
    first_response_at: d.first_response_at,
    due_at: d.due_at,
    planned_for: d.planned_for,
    linked_dataset: d.linked_dataset_id ? { id: d.linked_dataset_id, title_zh: d.linked_dataset_title_zh! } : null,
    linked_version: d.linked_version,
    rating: d.rating,
    rating_comment: d.rating_comment,
    votes: d.votes,
    updated_at: d.updated_at,
    url: `/api/v1/demands/${d.id}`,
    html_url: `/demand/${d.id}`,
  };
}

export const deliveryDownloadUrl = (id: string) => `/api/v1/deliveries/${id}`;

function presentDelivery(v: DeliveryRow, mayDownload: boolean) {
  return {
    id: v.id,
    dataset: { id: v.dataset_id, title_zh: v.title_zh, title_en: v.title_en },
    version: v.version,
    kind: v.grant_id ? ('grant' as const) : ('file' as const),
    format: v.format,
    bytes: v.artifact_bytes,
    sha256: v.artifact_sha,
    grant_id: v.grant_id,
    expires_at: v.grant_expires_at,
    delivered_at: v.delivered_at,
    download_url: mayDownload && v.artifact_sha ? deliveryDownloadUrl(v.id) : null,
  };
}

/** A demand with everything that happened to it, and what the viewer could do next. */
export async function presentDemandDetail(db: Db, viewer: SessionUser | null, d: DemandRow) {
  const mayDownload = canDownload(viewer, d);
  return {
    ...presentDemand(d),
    agreement: d.agreement,
    items: (await demandItems(db, d.id)).map((i) => ({
      dataset: { id: i.dataset_id, title_zh: i.title_zh, title_en: i.title_en, open_type: i.open_type },
      fields: i.fields,
      filter: i.filter,
    })),
    timeline: (await demandEvents(db, d.id)).map((e) => ({ ts: e.ts, action: e.action, from_status: e.from_status, to_status: e.to_status, note: e.note, actor: e.actor_name === null ? null : shownName(e.actor_name, e.actor_department_id, d.kind !== 'order') })),
    comments: (await demandComments(db, d.id)).map((c) => presentComment(c, d.kind !== 'order')),
    deliveries: (await demandDeliveries(db, d.id)).map((v) => presentDelivery(v, mayDownload)),
    allowed_actions: actionsFor(viewer, d),
    voted: viewer ? await hasVoted(db, d.id, viewer.id) : false,
  };
}

export type DemandDetail = Awaited<ReturnType<typeof presentDemandDetail>>;
export type DemandSummary = ReturnType<typeof presentDemand>;

export function presentCartItem(r: CartRow) {
  return {
    id: r.id,
    dataset: r.dataset_id ? { id: r.dataset_id, title_zh: r.title_zh!, title_en: r.title_en!, open_type: r.open_type! } : null,
    provider_department: department(r.department_id, r.department_zh, r.department_en),
    fields: r.fields,
    filter: r.filter,
    delivery_mode: r.delivery_mode,
    available: isAvailable(r),
    added_at: r.created_at,
  };
}

export type CartItem = ReturnType<typeof presentCartItem>;
