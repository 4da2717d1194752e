import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { demands, notifications } from './demand.table.js';

// The notifications table: one unread row per person told, so each has their own inbox.

export type NotificationRow = { id: number; demand_id: string | null; message: string; created_at: string; read_at: string | null; demand_title: string | null };

export async function insertNotifications(db: Db, userIds: Iterable<string>, departmentId: string | null, demandId: string, message: string, ts: string): Promise<void> {
  for (const userId of userIds) db.insert(notifications).values({ userId, departmentId, demandId, message, createdAt: ts }).run();
}

const mine = (userId: string, unreadOnly: boolean) => and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined);

/** The user's newest notifications first, each with the title of its demand. */
export const notificationsOf = async (db: Db, userId: string, limit: number, unreadOnly: boolean): Promise<NotificationRow[]> =>
  db.select({
    id: notifications.id, demand_id: notifications.demandId, message: notifications.message, created_at: notifications.createdAt,
    read_at: notifications.readAt, demand_title: demands.title,
  }).from(notifications).leftJoin(demands, eq(demands.id, notifications.demandId))
    .where(mine(userId, unreadOnly)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit).all();

export const notificationCount = async (db: Db, userId: string, unreadOnly: boolean): Promise<number> =>
  db.select({ n: count() }).from(notifications).where(mine(userId, unreadOnly)).get()?.n ?? 0;

/** Marks the given notifications of this user read (all of them when `ids` is absent); returns how many changed. */
export async function markNotificationsRead(db: Db, userId: string, ids: number[] | undefined, ts: string): Promise<number> {
  if (!ids) return db.update(notifications).set({ readAt: ts }).where(mine(userId, true)).run().changes;
  return db.transaction(() =>
    ids.reduce((n, id) => n + db.update(notifications).set({ readAt: ts }).where(and(mine(userId, true), eq(notifications.id, id))).run().changes, 0),
  );
}
