import { canAdmin } from '../auth/index.js';
import type { AppViewer } from './apps.types.js';

const departmentModerators: ReadonlySet<string> = new Set(['publisher', 'dept_admin']);

/**
 * Admins moderate every app; a publisher or department admin only an app that names at least one dataset of
 * their own department (an app naming only other departments' data is not theirs to approve). Reviewers read.
 */
export function canModerate(viewer: AppViewer | undefined, app: { department_ids: readonly string[] }): boolean {
  if (!viewer) return false;
  if (canAdmin(viewer)) return true;
  return departmentModerators.has(viewer.role) && !!viewer.departmentId && app.department_ids.includes(viewer.departmentId);
}

/** Sees a pending or rejected app: its submitter and those who may moderate it. */
export const canSeeUndecided = (viewer: AppViewer | undefined, app: { submitted_by: string; department_ids: readonly string[] }): boolean =>
  !!viewer && (viewer.id === app.submitted_by || canModerate(viewer, app));

export const screenshotUrl = (appId: string, position: number): string => `/api/v1/apps/${encodeURIComponent(appId)}/screenshots/${position}`;
