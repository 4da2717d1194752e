import type { SessionUser } from '../lib/context.js';
import { inTransaction } from '../db/transaction.js';
import { ApiError } from '../lib/errors.js';
import { departmentNameZh } from '../catalog/index.js';
import type { DemandCtx } from './demand.context.js';
import { clearCart } from './demand-cart.store.js';
import { isAvailable, listCart, type CartRow } from './demand.cart.js';
import { dataUseAgreement } from './demand.agreement.js';
import { getDemand, type DemandRow } from './demand.queries.js';
import { isoSeconds } from '../lib/dates.js';
import { insertDemand, insertItem, newDemandId, recordEvent } from './demand.store.js';
import { notificationText, notifyProvider } from './demand.notify.js';
import { deliveryDays, endOfShanghaiDay, firstResponseDays, shanghaiDay, workingDeadline } from './demand.workdays.js';

export type CheckoutInput = { purpose: string; legal_basis?: string | null; due_date?: string | null; agree?: boolean };

const dayMs = 86_400_000;

function dueAt(ctx: DemandCtx, now: Date, dueDate: string | null | undefined): string {
  if (!dueDate) return workingDeadline(ctx.calendar, now, deliveryDays);
  const today = shanghaiDay(now);
  const latest = shanghaiDay(new Date(now.getTime() + 366 * dayMs));
  if (dueDate <= today || dueDate > latest) {
    throw new ApiError(400, 'invalid_body', `The due date must lie between tomorrow and ${latest}.`, { errors: [{ field: 'due_date', message: 'between tomorrow and a year from now' }] });
  }
  return endOfShanghaiDay(dueDate);
}

function checkItems(items: CartRow[], agree: boolean | undefined): void {
  if (!items.length) throw new ApiError(422, 'cart_empty', 'Your request list is empty: add datasets first.');
  const gone = items.filter((i) => !isAvailable(i));
  if (gone.length) {
    throw new ApiError(422, 'dataset_unavailable', `${gone.length} item(s) on your request list can no longer be applied for (the dataset was deleted or all its versions were withdrawn); remove them and submit again.`, {
      errors: gone.map((i) => ({ field: `items.${i.id}`, message: i.dataset_id ? `'${i.dataset_id}' has no published version` : 'the dataset no longer exists' })),
    });
  }
  if (!agree && items.some((i) => i.open_type === 'conditional')) {
    throw new ApiError(422, 'agreement_required', 'Your request list holds conditional (有条件开放) data: accept the data-use agreement (agree: true) to apply for it.', {
      errors: [{ field: 'agree', message: 'required for conditional data' }],
      agreement: dataUseAgreement,
    });
  }
}

/** One order per provider department (and delivery mode: an order is delivered one way). */
function groupItems(items: CartRow[]): CartRow[][] {
  const groups = new Map<string, CartRow[]>();
  for (const i of items) {
    const key = `${i.department_id}|${i.delivery_mode}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()];
}

const orderTitle = (items: CartRow[]) => (items.length > 1 ? `${items[0]!.title_zh} 等 ${items.length} 个数据集` : items[0]!.title_zh!);

/** The cart becomes orders, all or none, each with its `submit` event; the provider's publishers are told. */
export async function checkout(ctx: DemandCtx, user: SessionUser, input: CheckoutInput): Promise<DemandRow[]> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const items = await listCart(db, user.id);
  checkItems(items, input.agree);
  const due = dueAt(ctx, now, input.due_date);
  const ts = isoSeconds(now);
  const from = user.departmentId
    ? (await departmentNameZh(db, user.departmentId) ?? user.departmentId)
    : user.name;
  const ids = await inTransaction(db, async (tx) => {
    const created: string[] = [];
    for (const group of groupItems(items)) {
      const id = newDemandId();
      const first = group[0]!;
      const conditional = group.some((i) => i.open_type === 'conditional');
      await insertDemand(tx, {
        id, kind: 'order', title: orderTitle(group), purpose: input.purpose.trim(), legalBasis: input.legal_basis?.trim() || null,
        agreement: conditional ? dataUseAgreement : null, requesterUserId: user.id, requesterDepartmentId: user.departmentId,
        providerDepartmentId: first.department_id, deliveryMode: first.delivery_mode, dueAt: due,
        firstResponseDueAt: workingDeadline(ctx.calendar, now, firstResponseDays), createdAt: ts,
      });
      for (const i of group) await insertItem(tx, id, { datasetPk: i.dataset_pk, fields: i.fields, filter: i.filter });
      await recordEvent(tx, { demandId: id, ts, actorUserId: user.id, action: 'submit', from: null, to: 'submitted', note: input.purpose.trim() });
      await notifyProvider(tx, { id, requester_user_id: user.id, provider_department_id: first.department_id }, notificationText.submitOrder(orderTitle(group), from), ts, user.id);
      created.push(id);
    }
    await clearCart(tx, user.id);
    return created;
  });
  return Promise.all(ids.map(async (id) => (await getDemand(db, id, now))!));
}
