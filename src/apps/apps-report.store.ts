import { sql } from 'drizzle-orm';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';

export type ApprovedAppRow = { department_id: string; id: string; name_zh: string; name_en: string | null; decided_at: string; is_demo: number };

/**
 * Apps approved in [start, end) (ISO timestamps), once per department whose dataset each names: the monthly
 * report's apps section, the same rule as the `apps` indicator. Departments in byte order, then by approval.
 */
export async function selectAppsApprovedBetween(db: AnyDb, start: string, end: string): Promise<ApprovedAppRow[]> {
  const bytes = (column: string) => sql.raw(isPg(db) ? `${column} COLLATE "C"` : column);
  return await rowsOf<ApprovedAppRow>(db, sql`SELECT d.department_id, a.id, a.name_zh, a.name_en, a.decided_at, a.is_demo
      FROM apps a JOIN app_datasets ad ON ad.app_id = a.id JOIN datasets d ON d.pk = ad.dataset_pk
     WHERE a.status = 'approved' AND ${bytes('a.decided_at')} >= ${start} AND ${bytes('a.decided_at')} < ${end}
     GROUP BY d.department_id, a.id, a.name_zh, a.name_en, a.decided_at, a.is_demo
     ORDER BY ${bytes('d.department_id')}, ${bytes('a.decided_at')}, ${bytes('a.id')}`);
}
