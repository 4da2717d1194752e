import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { canSeeEveryOrder } from '../auth/index.js';
import { userNamesById } from '../auth/index.js';
import { demandDatasetsByPk, departmentNamesById, datasetPkOf } from '../catalog/index.js';
import { grantExpiriesById } from '../keys/index.js';
import type { DemandKind, DemandStatus } from './demand.machine.js';
import { selectDemand, selectDemands, type DemandFilters as StoredDemandFilters, type DemandScope, type ListPosition, type OverdueReason, type StoredDemand } from './demand-list.sql.js';
import { commentsOf, deliveriesOf, deliveryById, eventsOf, itemsOf, type StoredDelivery } from './demand-details.store.js';

export type { ListPosition, OverdueReason };
export { hasVoted } from './demand-social.store.js';

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
  is_demo: number;
};

/** Adds the names of the people, departments and datasets involved, read through their owners. */
async function named(db: Db, rows: StoredDemand[]): Promise<DemandRow[]> {
  const people = await userNamesById(db, rows.map((d) => d.requester_user_id));
  const departments = await departmentNamesById(db, rows.flatMap((d) => [d.requester_department_id, d.provider_department_id]));
  const datasets = await demandDatasetsByPk(db, rows.flatMap((d) => [d.dataset_pk, d.linked_dataset_pk]));
  return rows.map(({ overdue, first_response_at, votes, item_count, created_at, updated_at, ...d }) => {
    const rd = d.requester_department_id === null ? undefined : departments.get(d.requester_department_id);
    const pd = d.provider_department_id === null ? undefined : departments.get(d.provider_department_id);
    const ds = d.dataset_pk === null ? undefined : datasets.get(d.dataset_pk);
    const ld = d.linked_dataset_pk === null ? undefined : datasets.get(d.linked_dataset_pk);
    return {
      ...d,
      requester_name: people.get(d.requester_user_id)?.name ?? '',
      requester_department_zh: rd?.name_zh ?? null, requester_department_en: rd?.name_en ?? null,
      provider_department_zh: pd?.name_zh ?? null, provider_department_en: pd?.name_en ?? null,
      dataset_id: ds?.id ?? null, dataset_title_zh: ds?.title_zh ?? null, dataset_title_en: ds?.title_en ?? null,
      linked_dataset_id: ld?.id ?? null, linked_dataset_title_zh: ld?.title_zh ?? null,
      first_response_at, votes, item_count, created_at, updated_at, overdue,
    };
  });
}

export async function getDemand(db: Db, id: string, now: Date): Promise<DemandRow | undefined> {
  const row = await selectDemand(db, id, now);
  return row && (await named(db, [row]))[0];
}

/** The store's filters, with the dataset named by its id (the store takes its key). */
export type DemandFilters = Omit<StoredDemandFilters, 'datasetPk'> & { dataset?: string };

/** Orders are seen by both departments, the requester, admins and reviewers; requests and corrections by everyone. */
function visibility(viewer: SessionUser | null): DemandScope {
  if (!viewer) return { publicOnly: true };
  if (canSeeEveryOrder(viewer)) return { every: true };
  return { userId: viewer.id, departmentId: viewer.departmentId };
}

export async function listDemands(db: Db, f: DemandFilters, viewer: SessionUser | null, now: Date, limit: number, after: ListPosition | null) {
  const { dataset, ...rest } = f;
  const filters = dataset === undefined ? rest : { ...rest, datasetPk: await datasetPkOf(db, dataset) ?? null };
  const { rows, total, next } = await selectDemands(db, filters, visibility(viewer), viewer, now, limit, after);
  return { rows: await named(db, rows), total, next };
}

export type ItemRow = { id: number; dataset_pk: number; dataset_id: string; title_zh: string; title_en: string; open_type: string; department_id: string; latest_version: number | null; fields: string[] | null; filter: string | null };

export async function demandItems(db: Db, demandId: string): Promise<ItemRow[]> {
  const items = await itemsOf(db, demandId);
  const datasets = await demandDatasetsByPk(db, items.map((i) => i.dataset_pk));
  return items.flatMap((i) => {
    const x = datasets.get(i.dataset_pk);
    return x ? [{ id: i.id, dataset_pk: i.dataset_pk, dataset_id: x.id, title_zh: x.title_zh, title_en: x.title_en, open_type: x.open_type, department_id: x.department_id, latest_version: x.latest_version, fields: i.fields ?? null, filter: i.filter }] : [];
  });
}

export type EventRow = { id: number; ts: string; action: string; from_status: string | null; to_status: string; note: string | null; actor_user_id: string | null; actor_name: string | null; actor_department_id: string | null };

export async function demandEvents(db: Db, demandId: string): Promise<EventRow[]> {
  const events = await eventsOf(db, demandId);
  const people = await userNamesById(db, events.map((e) => e.actor_user_id));
  return events.map((e) => {
    const u = e.actor_user_id === null ? undefined : people.get(e.actor_user_id);
    return { ...e, actor_name: u?.name ?? null, actor_department_id: u?.department_id ?? null };
  });
}

export type CommentRow = { id: number; body: string; user_id: string; author_name: string; author_department_id: string | null; created_at: string };

export async function demandComments(db: Db, demandId: string): Promise<CommentRow[]> {
  const comments = await commentsOf(db, demandId);
  const people = await userNamesById(db, comments.map((c) => c.user_id));
  return comments.flatMap((c) => {
    const u = people.get(c.user_id);
    return u ? [{ id: c.id, body: c.body, user_id: c.user_id, author_name: u.name, author_department_id: u.department_id, created_at: c.created_at }] : [];
  });
}

export type DeliveryRow = {
  id: string; demand_id: string; dataset_pk: number; dataset_id: string; title_zh: string; title_en: string; version: number;
  artifact_sha: string | null; artifact_bytes: number | null; format: string | null; grant_id: string | null; grant_expires_at: string | null; delivered_at: string;
};

/** Deliveries with their dataset's slug and titles and, for an API delivery, when its grant ends. */
async function withDatasets(db: Db, rows: StoredDelivery[]): Promise<DeliveryRow[]> {
  const datasets = await demandDatasetsByPk(db, rows.map((v) => v.dataset_pk));
  const expiries = await grantExpiriesById(db, rows.map((v) => v.grant_id));
  return rows.flatMap((v) => {
    const x = datasets.get(v.dataset_pk);
    if (!x) return [];
    const { delivered_at, ...rest } = v;
    return [{ ...rest, dataset_id: x.id, title_zh: x.title_zh, title_en: x.title_en, grant_expires_at: v.grant_id === null ? null : (expiries.get(v.grant_id) ?? null), delivered_at }];
  });
}

export const demandDeliveries = async (db: Db, demandId: string): Promise<DeliveryRow[]> => await withDatasets(db, await deliveriesOf(db, demandId));

export async function getDelivery(db: Db, id: string): Promise<DeliveryRow | undefined> {
  const row = await deliveryById(db, id);
  return row && (await withDatasets(db, [row]))[0];
}
