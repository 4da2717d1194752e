import type { Db } from '../db/client.js';
import { adminIds, departmentAnswererIds } from '../auth/index.js';
import type { DemandRow } from './demand.queries.js';
import { insertNotifications, markNotificationsRead, notificationCount, notificationsOf, type NotificationRow } from './demand-notifications.store.js';

type Who = Pick<DemandRow, 'id' | 'requester_user_id' | 'provider_department_id'>;

async function insert(db: Db, userIds: string[], departmentId: string | null, demandId: string, message: string, ts: string, exceptUserId: string | null): Promise<void> {
  await insertNotifications(db, [...new Set(userIds)].filter((id) => id !== exceptUserId), departmentId, demandId, message, ts);
}

/** Tells the provider department's publishers (one unread row each, so each has their own inbox). */
export async function notifyProvider(db: Db, d: Who, message: string, ts: string, actorUserId: string | null): Promise<void> {
  if (!d.provider_department_id) {
    await insert(db, await adminIds(db), null, d.id, message, ts, actorUserId);
    return;
  }
  await insert(db, await departmentAnswererIds(db, d.provider_department_id), d.provider_department_id, d.id, message, ts, actorUserId);
}

export async function notifyRequester(db: Db, d: Who, message: string, ts: string, actorUserId: string | null): Promise<void> {
  await insert(db, [d.requester_user_id], null, d.id, message, ts, actorUserId);
}

export type { NotificationRow };

export async function listNotifications(db: Db, userId: string, limit: number, unreadOnly: boolean) {
  return { rows: await notificationsOf(db, userId, limit, unreadOnly), unread: await unreadCount(db, userId), total: await notificationCount(db, userId, unreadOnly) };
}

export const unreadCount = async (db: Db, userId: string) => await notificationCount(db, userId, true);

/** Marks the given notifications of this user read (all of them when `ids` is absent); returns how many changed. */
export const markRead = async (db: Db, userId: string, ids: number[] | undefined, ts: string): Promise<number> => await markNotificationsRead(db, userId, ids, ts);

/** What happened, in the words of the inbox (Chinese: the portal's working language). */
export const notificationText = {
  submitOrder: (title: string, from: string) => `新的数据申请：「${title}」（申请方：${from}）`,
  submitNewData: (title: string) => `新的数据需求：「${title}」`,
  submitCorrection: (title: string) => `新的纠错：「${title}」`,
  accept: (title: string) => `「${title}」已受理`,
  'request-info': (title: string, note: string) => `「${title}」需要补充信息：${note}`,
  answer: (title: string) => `「${title}」申请方已补充信息`,
  reject: (title: string, reason: string) => `「${title}」未通过：${reason}`,
  deliver: (title: string) => `「${title}」已交付，请查收并评价`,
  confirm: (title: string, rating: number) => `「${title}」申请方已确认收货，评分 ${rating} 星`,
  cancel: (title: string) => `「${title}」已被申请方取消`,
  plan: (title: string, date: string) => `「${title}」已列入开放计划，预计 ${date} 开放`,
  fulfil: (title: string, dataset: string) => `「${title}」已开放：${dataset}`,
  fix: (title: string, version: number) => `「${title}」已更正（第 ${version} 版）`,
  comment: (title: string) => `「${title}」有新的评论`,
};
