import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { bytewise, demandTables, isRowId } from './demand.tables.js';

// The notifications table: one unread row per person told, so each has their own inbox.

export type NotificationRow = { id: number; demand_id: string | null; link: string | null; message: string; created_at: string; read_at: string | null; demand_title: string | null };

/** `link`: where a notification that is not about a demand points (an app's page, /apps/<id>). */
export async function insertNotifications(db: AnyDb, userIds: Iterable<string>, departmentId: string | null, demandId: string | null, message: string, ts: string, link: string | null = null): Promise<void> {
  const { notifications } = demandTables(db);
  const rows = [...userIds].map((userId) => ({ userId, departmentId, demandId, link, message, createdAt: ts }));
  if (rows.length) await builder(db).insert(notifications).values(rows);
}

const mine = (notifications: ReturnType<typeof demandTables>['notifications'], userId: string, unreadOnly: boolean) =>
  and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined);

/** The user's newest notifications first, each with the title of its demand. */
export async function notificationsOf(db: AnyDb, userId: string, limit: number, unreadOnly: boolean): Promise<NotificationRow[]> {
  const { notifications, demands } = demandTables(db);
  return builder(db).select({
    id: notifications.id, demand_id: notifications.demandId, link: notifications.link, message: notifications.message, created_at: notifications.createdAt,
    read_at: notifications.readAt, demand_title: demands.title,
  }).from(notifications).leftJoin(demands, eq(demands.id, notifications.demandId))
    .where(mine(notifications, userId, unreadOnly)).orderBy(desc(bytewise(db, notifications.createdAt)), desc(notifications.id)).limit(limit);
}

export async function notificationCount(db: AnyDb, userId: string, unreadOnly: boolean): Promise<number> {
  const { notifications } = demandTables(db);
  const [row] = await builder(db).select({ n: count() }).from(notifications).where(mine(notifications, userId, unreadOnly));
  return row?.n ?? 0;
}

/** Marks the given notifications of this user read (all of them when `ids` is absent); returns how many changed. One statement. */
export async function markNotificationsRead(db: AnyDb, userId: string, ids: number[] | undefined, ts: string): Promise<number> {
  const { notifications } = demandTables(db);
  const rowIds = ids?.filter(isRowId);
  if (rowIds && !rowIds.length) return 0;
  const which = rowIds ? and(mine(notifications, userId, true), inArray(notifications.id, rowIds)) : mine(notifications, userId, true);
  return (await builder(db).update(notifications).set({ readAt: ts }).where(which).returning({ id: notifications.id })).length;
}
