import type { AnyDb } from '../db/engine.js';
import { adminIds, departmentAnswererIds } from '../auth/index.js';
import { insertNotifications } from '../demand/index.js';
import type { AppDetail } from './apps.types.js';

// The showcase's notifications go to the same inboxes as the demand board's, linked to the app's page.

const link = (app: AppDetail) => `/apps/${encodeURIComponent(app.id)}`;

/** Tells the admins and the owning departments' publishers and department admins that an app waits for them. */
export async function notifyModeratorsOfSubmission(db: AnyDb, app: AppDetail, submitterId: string, ts: string): Promise<void> {
  const message = `新的应用成果待审核：「${app.name_zh}」`;
  const admins = (await adminIds(db)).filter((id) => id !== submitterId);
  await insertNotifications(db, admins, null, null, message, ts, link(app));
  for (const departmentId of app.department_ids) {
    const answerers = (await departmentAnswererIds(db, departmentId)).filter((id) => id !== submitterId && !admins.includes(id));
    await insertNotifications(db, answerers, departmentId, null, message, ts, link(app));
  }
}

/** Tells the submitter what was decided (and why, for a rejection). */
export async function notifySubmitterOfDecision(db: AnyDb, app: AppDetail, moderatorId: string, ts: string): Promise<void> {
  if (app.submitted_by === moderatorId) return;
  const message = app.status === 'approved'
    ? `你提交的应用成果「${app.name_zh}」已通过审核并公开`
    : `你提交的应用成果「${app.name_zh}」未通过审核：${app.reject_reason ?? ''}`;
  await insertNotifications(db, [app.submitted_by], null, null, message, ts, link(app));
}
