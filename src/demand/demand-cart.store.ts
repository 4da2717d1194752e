import { and, asc, count, eq } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import type { cartItems } from './demand.table.js';
import { demandTables, isRowId } from './demand.tables.js';

// The cart_items table: what a person has picked to order, one row per dataset.

export type CartItemRow = typeof cartItems.$inferSelect;
export type CartOptions = { fields: string[] | null; filter: string | null; deliveryMode: 'file' | 'api' | 'recurring' };

export async function cartItemsOf(db: AnyDb, userId: string): Promise<CartItemRow[]> {
  const { cartItems } = demandTables(db);
  return builder(db).select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.id));
}

export async function cartItemIdFor(db: AnyDb, userId: string, datasetPk: number): Promise<number | undefined> {
  const { cartItems } = demandTables(db);
  const [row] = await builder(db).select({ id: cartItems.id }).from(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.datasetPk, datasetPk))).limit(1);
  return row?.id;
}

export async function cartSize(db: AnyDb, userId: string): Promise<number> {
  const { cartItems } = demandTables(db);
  const [row] = await builder(db).select({ n: count() }).from(cartItems).where(eq(cartItems.userId, userId));
  return row?.n ?? 0;
}

export async function updateCartItem(db: AnyDb, id: number, options: CartOptions): Promise<void> {
  const { cartItems } = demandTables(db);
  await builder(db).update(cartItems).set(options).where(eq(cartItems.id, id));
}

export async function insertCartItem(db: AnyDb, userId: string, datasetPk: number, options: CartOptions, createdAt: string): Promise<void> {
  const { cartItems } = demandTables(db);
  await builder(db).insert(cartItems).values({ userId, datasetPk, ...options, createdAt });
}

/** False when the user's cart has no such item. */
export async function deleteCartItem(db: AnyDb, userId: string, id: number): Promise<boolean> {
  if (!isRowId(id)) return false;
  const { cartItems } = demandTables(db);
  const deleted = await builder(db).delete(cartItems).where(and(eq(cartItems.id, id), eq(cartItems.userId, userId))).returning({ id: cartItems.id });
  return deleted.length > 0;
}

export async function clearCart(db: AnyDb, userId: string): Promise<void> {
  const { cartItems } = demandTables(db);
  await builder(db).delete(cartItems).where(eq(cartItems.userId, userId));
}
