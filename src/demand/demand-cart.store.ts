import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cartItems } from './demand.table.js';

// The cart_items table: what a person has picked to order, one row per dataset.

export type CartItemRow = typeof cartItems.$inferSelect;
export type CartOptions = { fields: string[] | null; filter: string | null; deliveryMode: 'file' | 'api' | 'recurring' };

export const cartItemsOf = (db: Db, userId: string): CartItemRow[] =>
  db.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.id)).all();

export const cartItemIdFor = (db: Db, userId: string, datasetPk: number): number | undefined =>
  db.select({ id: cartItems.id }).from(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.datasetPk, datasetPk))).get()?.id;

export const cartSize = (db: Db, userId: string): number =>
  db.select({ n: count() }).from(cartItems).where(eq(cartItems.userId, userId)).get()?.n ?? 0;

export function updateCartItem(db: Db, id: number, options: CartOptions): void {
  db.update(cartItems).set(options).where(eq(cartItems.id, id)).run();
}

export function insertCartItem(db: Db, userId: string, datasetPk: number, options: CartOptions, createdAt: string): void {
  db.insert(cartItems).values({ userId, datasetPk, ...options, createdAt }).run();
}

/** False when the user's cart has no such item. */
export const deleteCartItem = (db: Db, userId: string, id: number): boolean =>
  db.delete(cartItems).where(and(eq(cartItems.id, id), eq(cartItems.userId, userId))).run().changes > 0;

export function clearCart(db: Db, userId: string): void {
  db.delete(cartItems).where(eq(cartItems.userId, userId)).run();
}
