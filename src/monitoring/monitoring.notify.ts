import { departmentAnswererIds, reviewerIds } from '../auth/index.js';
import type { AnyDb } from '../db/engine.js';
import { insertNotifications } from '../demand/index.js';

// Who is told what, in the existing inboxes (Chinese: the portal's working language), each with a link to act on it.

export const kindZh = { punctuality: '更新不及时', quality: '数据质量问题', integrity: '数据完整性问题' } as const;

export const warningText = {
  opened: (title: string, kind: keyof typeof kindZh, due: string) => `预警：「${title}」${kindZh[kind]}，请于 ${due} 前整改`,
  escalated: (title: string, kind: keyof typeof kindZh, department: string) => `预警逾期未整改：「${title}」${kindZh[kind]}（${department}）`,
  explained: (title: string) => `预警「${title}」已提交情况说明，请审核`,
  rejected: (title: string, note: string) => `预警「${title}」的情况说明未被采纳：${note}`,
  accepted: (title: string) => `预警「${title}」的情况说明已采纳，预警关闭`,
};

/** The department's publishers and department admins; returns how many were told. */
export async function notifyDepartment(db: AnyDb, departmentId: string, message: string, ts: string): Promise<number> {
  const ids = [...new Set(await departmentAnswererIds(db, departmentId))];
  await insertNotifications(db, ids, departmentId, null, message, ts, '/console/warnings');
  return ids.length;
}

export async function notifyReviewers(db: AnyDb, message: string, ts: string): Promise<number> {
  const ids = [...new Set(await reviewerIds(db))];
  await insertNotifications(db, ids, null, null, message, ts, '/reviewer/warnings');
  return ids.length;
}
