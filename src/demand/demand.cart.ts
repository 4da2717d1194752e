import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { demandDatasetById, demandDatasetsByPk, departmentNamesById } from '../catalog/index.js';
import type { DemandCtx } from './demand.context.js';
import { cartItemIdFor, cartItemsOf, cartSize, deleteCartItem, insertCartItem, updateCartItem } from './demand-cart.store.js';
import { checkFields, itemQuery, normaliseFilter } from './demand.filter.js';
import { isoSeconds } from '../lib/dates.js';

export type DeliveryMode = 'file' | 'api' | 'recurring';
export type CartItemInput = { dataset: string; fields?: string[] | null; filter?: string | null; delivery_mode?: DeliveryMode };

export type CartRow = {
  id: number;
  dataset_pk: number;
  dataset_id: string | null;
  title_zh: string | null;
  title_en: string | null;
  open_type: 'open' | 'conditional' | null;
  department_id: string | null;
  department_zh: string | null;
  department_en: string | null;
  latest_version: number | null;
  fields: string[] | null;
  filter: string | null;
  delivery_mode: DeliveryMode;
  created_at: string;
};

export const maxCartItems = 50;

/** A dataset that is gone, or whose every version was withdrawn, cannot be ordered. */
export const isAvailable = (row: CartRow) => row.dataset_id !== null && row.latest_version !== null;

/** The user's cart, each item with its dataset's titles, department and latest version (null where the dataset is gone). */
export async function listCart(db: Db, userId: string): Promise<CartRow[]> {
  const items = await cartItemsOf(db, userId);
  const found = await demandDatasetsByPk(db, items.map((c) => c.datasetPk));
  const names = await departmentNamesById(db, [...found.values()].map((x) => x.department_id));
  return items.map((c) => {
    const x = found.get(c.datasetPk);
    const p = x && names.get(x.department_id);
    return {
      id: c.id, dataset_pk: c.datasetPk, dataset_id: x?.id ?? null, title_zh: x?.title_zh ?? null, title_en: x?.title_en ?? null, open_type: x?.open_type ?? null,
      department_id: x?.department_id ?? null, department_zh: p?.name_zh ?? null, department_en: p?.name_en ?? null, latest_version: x?.latest_version ?? null,
      fields: c.fields ?? null, filter: c.filter, delivery_mode: c.deliveryMode, created_at: c.createdAt,
    };
  });
}

async function orderable(db: Db, user: SessionUser, datasetId: string) {
  const d = await demandDatasetById(db, datasetId);
  if (!d) throw new ApiError(422, 'invalid_reference', `Dataset '${datasetId}' does not exist.`, { errors: [{ field: 'dataset', message: 'no such dataset' }] });
  if (d.latest_version === null) throw new ApiError(422, 'dataset_unavailable', `Dataset '${datasetId}' has no published version to order.`);
  if (user.departmentId && user.departmentId === d.department_id) {
    throw new ApiError(422, 'own_department', `'${datasetId}' is your own department's data: it needs no application.`);
  }
  if (!user.departmentId && d.open_type === 'open') {
    throw new ApiError(422, 'open_data', `'${datasetId}' is open data: download it or query it with an API key, no application needed. Data applications from people outside a department are for conditional (有条件开放) data.`);
  }
  return d;
}

/** Adds a dataset to my cart, or replaces the options of the one already there; `replaced` tells which. */
export async function addToCart(ctx: DemandCtx, user: SessionUser, input: CartItemInput): Promise<{ row: CartRow; replaced: boolean }> {
  const { db } = ctx.deps;
  const d = await orderable(db, user, input.dataset);
  const schema = (await ctx.resolver.latest(d.id)).schema;
  const fields = checkFields(schema, input.fields);
  const filter = normaliseFilter(input.filter);
  const mode = input.delivery_mode ?? 'file';
  if (filter && mode === 'api') {
    throw new ApiError(400, 'invalid_filter', 'An API grant opens whole rows (a field subset is possible); a row filter applies to file deliveries only.', { errors: [{ field: 'filter', message: 'only for file or recurring delivery' }] });
  }
  if (filter) itemQuery(schema, fields, filter);
  const existing = await cartItemIdFor(db, user.id, d.pk);
  const options = { fields: fields ?? null, filter, deliveryMode: mode };
  if (existing) {
    await updateCartItem(db, existing, options);
  } else {
    if (await cartSize(db, user.id) >= maxCartItems) throw new ApiError(422, 'cart_full', `A request list holds at most ${maxCartItems} datasets; submit it or remove some first.`);
    await insertCartItem(db, user.id, d.pk, options, isoSeconds(ctx.deps.now()));
  }
  const row = (await listCart(db, user.id)).find((r) => r.dataset_pk === d.pk)!;
  return { row, replaced: existing !== undefined };
}

export async function removeFromCart(db: Db, userId: string, id: number): Promise<void> {
  if (!await deleteCartItem(db, userId, id)) {
    throw new ApiError(404, 'not_found', `Your request list has no item ${id}.`);
  }
}
