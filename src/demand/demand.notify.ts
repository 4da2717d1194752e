import type { Db } from '../db/client.js';
import type { DemandRow } from './demand.queries.js';

type Who = Pick<DemandRow, 'id' | 'requester_user_id' | 'provider_department_id'>;

function insert(db: Db, userIds: string[], departmentId: string | null, demandId: string, message: string, ts: string, exceptUserId: string | null): void {
  const stmt = db.$client.prepare('INSERT INTO notifications (user_id, department_id, demand_id, message, created_at) VALUES (?, ?, ?, ?, ?)');
  for (const id of new Set(userIds)) if (id !== exceptUserId) stmt.run(id, departmentId, demandId, message, ts);
}

/** The people who answer for a department: its publishers and department admins. */
function answerers(db: Db, departmentId: string): string[] {
  return db.$client.prepare("SELECT id FROM users WHERE department_id = ? AND role IN ('publisher', 'dept_admin') ORDER BY id").pluck().all(departmentId) as string[];
}

/** Tells the provider department's publishers (one unread row each, so each has their own inbox). */
export function notifyProvider(db: Db, d: Who, message: string, ts: string, actorUserId: string | null): void {
  if (!d.provider_department_id) {
    const admins = db.$client.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id").pluck().all() as string[];
    insert(db, admins, null, d.id, message, ts, actorUserId);
    return;
  }
  insert(db, answerers(db, d.provider_department_id), d.provider_department_id, d.id, message, ts, actorUserId);
}

export function notifyRequester(db: Db, d: Who, message: string, ts: string, actorUserId: string | null): void {
  insert(db, [d.requester_user_id], null, d.id, message, ts, actorUserId);
}

export type NotificationRow = { id: number; demand_id: string | null; message: string; created_at: string; read_at: string | null; demand_title: string | null };

export function listNotifications(db: Db, userId: string, limit: number, unreadOnly: boolean) {
  const filter = unreadOnly ? ' AND n.read_at IS NULL' : '';
  const rows = db.$client
    .prepare(
      `SELECT n.id, n.demand_id, n.message, n.created_at, n.read_at, d.title AS demand_title
         FROM notifications n LEFT JOIN demands d ON d.id = n.demand_id
        WHERE n.user_id = ?${filter} ORDER BY n.created_at DESC, n.id DESC LIMIT ?`,
    )
    .all(userId, limit) as NotificationRow[];
  return { rows, unread: unreadCount(db, userId), total: db.$client.prepare(`SELECT COUNT(*) FROM notifications n WHERE n.user_id = ?${filter}`).pluck().get(userId) as number };
}

export const unreadCount = (db: Db, userId: string) =>
  db.$client.prepare('SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL').pluck().get(userId) as number;

/** Marks the given notifications of this user read (all of them when `ids` is absent); returns how many changed. */
export function markRead(db: Db, userId: string, ids: number[] | undefined, ts: string): number {
  if (!ids) return db.$client.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(ts, userId).changes;
  const stmt = db.$client.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL');
  return db.$client.transaction(() => ids.reduce((n, id) => n + stmt.run(ts, userId, id).changes, 0))();
}

/** What happened, in the words of the inbox (Chinese: the portal's working language). */
export const notificationText = {
  submitOrder: (title: string, from: string) => `新订单：「${title}」（申请方：${from}）`,
  submitNewData: (title: string) => `新的数据需求：「${title}」`,
  submitCorrection: (title: string) => `新的数据纠错：「${title}」`,
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
