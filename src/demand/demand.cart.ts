import type { Db } from '../db/client.js';
import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import type { DemandCtx } from './demand.context.js';
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
  fields: string | null;
  filter: string | null;
  delivery_mode: DeliveryMode;
  created_at: string;
};

export const maxCartItems = 50;

/** A dataset that is gone, or whose every version was withdrawn, cannot be ordered. */
export const isAvailable = (row: CartRow) => row.dataset_id !== null && row.latest_version !== null;

export function listCart(db: Db, userId: string): CartRow[] {
  return db.$client
    .prepare(
      `SELECT c.id, c.dataset_pk, x.id AS dataset_id, x.title_zh, x.title_en, x.open_type, x.department_id, p.name_zh AS department_zh, p.name_en AS department_en,
              x.latest_version, c.fields, c.filter, c.delivery_mode, c.created_at
         FROM cart_items c LEFT JOIN datasets x ON x.pk = c.dataset_pk LEFT JOIN departments p ON p.id = x.department_id
        WHERE c.user_id = ? ORDER BY c.id`,
    )
    .all(userId) as CartRow[];
}

type OrderableDataset = { pk: number; id: string; department_id: string; open_type: 'open' | 'conditional'; latest_version: number | null };

function orderable(db: Db, user: SessionUser, datasetId: string): OrderableDataset {
  const d = db.$client.prepare('SELECT pk, id, department_id, open_type, latest_version FROM datasets WHERE id = ?').get(datasetId) as OrderableDataset | undefined;
  if (!d) throw new ApiError(422, 'invalid_reference', `Dataset '${datasetId}' does not exist.`, { errors: [{ field: 'dataset', message: 'no such dataset' }] });
  if (d.latest_version === null) throw new ApiError(422, 'dataset_unavailable', `Dataset '${datasetId}' has no published version to order.`);
  if (user.departmentId && user.departmentId === d.department_id) {
    throw new ApiError(422, 'own_department', `'${datasetId}' is your own department's data: it needs no order.`);
  }
  if (!user.departmentId && d.open_type === 'open') {
    throw new ApiError(422, 'open_data', `'${datasetId}' is open data: download it or query it with an API key, no order needed. Orders from people outside a department are for conditional (有条件开放) data.`);
  }
  return d;
}

/** Adds a dataset to my cart, or replaces the options of the one already there; `replaced` tells which. */
export function addToCart(ctx: DemandCtx, user: SessionUser, input: CartItemInput): { row: CartRow; replaced: boolean } {
  const { db } = ctx.deps;
  const d = orderable(db, user, input.dataset);
  const schema = ctx.resolver.latest(d.id).schema;
  const fields = checkFields(schema, input.fields);
  const filter = normaliseFilter(input.filter);
  const mode = input.delivery_mode ?? 'file';
  if (filter && mode === 'api') {
    throw new ApiError(400, 'invalid_filter', 'An API grant opens whole rows (a field subset is possible); a row filter applies to file deliveries only.', { errors: [{ field: 'filter', message: 'only for file or recurring delivery' }] });
  }
  if (filter) itemQuery(schema, fields, filter);
  const existing = db.$client.prepare('SELECT id FROM cart_items WHERE user_id = ? AND dataset_pk = ?').pluck().get(user.id, d.pk) as number | undefined;
  const values = [fields ? JSON.stringify(fields) : null, filter, mode];
  if (existing) {
    db.$client.prepare('UPDATE cart_items SET fields = ?, filter = ?, delivery_mode = ? WHERE id = ?').run(...values, existing);
  } else {
    const count = db.$client.prepare('SELECT COUNT(*) FROM cart_items WHERE user_id = ?').pluck().get(user.id) as number;
    if (count >= maxCartItems) throw new ApiError(422, 'cart_full', `A cart holds at most ${maxCartItems} datasets; check out or remove some first.`);
    db.$client.prepare('INSERT INTO cart_items (user_id, dataset_pk, fields, filter, delivery_mode, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(user.id, d.pk, ...values, isoSeconds(ctx.deps.now()));
  }
  const row = listCart(db, user.id).find((r) => r.dataset_pk === d.pk)!;
  return { row, replaced: existing !== undefined };
}

export function removeFromCart(db: Db, userId: string, id: number): void {
  if (db.$client.prepare('DELETE FROM cart_items WHERE id = ? AND user_id = ?').run(id, userId).changes === 0) {
    throw new ApiError(404, 'not_found', `Your cart has no item ${id}.`);
  }
}
