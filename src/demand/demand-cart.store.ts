import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cartItems } from './demand.table.js';

// The cart_items table: what a person has picked to order, one row per dataset.

export type CartItemRow = typeof cartItems.$inferSelect;
export type CartOptions = { fields: string[] | null; filter: string | null; deliveryMode: 'file' | 'api' | 'recurring' };

export const cartItemsOf = async (db: Db, userId: string): Promise<CartItemRow[]> =>
  db.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.id)).all();

export const cartItemIdFor = async (db: Db, userId: string, datasetPk: number): Promise<number | undefined> =>
  db.select({ id: cartItems.id }).from(cartItems).where(and(eq(cartItems.userId, userId), eq(cartItems.datasetPk, datasetPk))).get()?.id;

export const cartSize = async (db: Db, userId: string): Promise<number> =>
  db.select({ n: count() }).from(cartItems).where(eq(cartItems.userId, userId)).get()?.n ?? 0;

export async function updateCartItem(db: Db, id: number, options: CartOptions): Promise<void> {
  db.update(cartItems).set(options).where(eq(cartItems.id, id)).run();
}

export async function insertCartItem(db: Db, userId: string, datasetPk: number, options: CartOptions, createdAt: string): Promise<void> {
  db.insert(cartItems).values({ userId, datasetPk, ...options, createdAt }).run();
}

/** False when the user's cart has no such item. */
export const deleteCartItem = async (db: Db, userId: string, id: number): Promise<boolean> =>
  db.delete(cartItems).where(and(eq(cartItems.id, id), eq(cartItems.userId, userId))).run().changes > 0;

export async function clearCart(db: Db, userId: string): Promise<void> {
  db.delete(cartItems).where(eq(cartItems.userId, userId)).run();
}
