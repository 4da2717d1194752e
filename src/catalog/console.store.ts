import { sql } from 'drizzle-orm';
import { rowsOf, type AnyDb } from '../db/engine.js';
import { byteOrder } from './catalog.tables.js';
import { isOverdue } from './punctuality.js';
import { selectDepartments, selectThemes } from './catalog.store.js';

export type ConsoleDataset = {
  id: string;
  title_zh: string;
  title_en: string;
  department_id: string;
  update_frequency: string;
  latest_version: number | null;
  /** When the latest published version was published; null before the first version. */
  last_published_at: string | null;
  records: number;
  overdue: boolean;
};

/** A department's datasets (or all, for an admin) with the latest version's figures; overdue ones first. */
export async function selectConsoleDatasets(db: AnyDb, departmentId: string | null, now: Date): Promise<ConsoleDataset[]> {
  const rows = await rowsOf<Omit<ConsoleDataset, 'overdue'>>(
    db,
    sql`SELECT d.id, d.title_zh, d.title_en, d.department_id, d.update_frequency, d.latest_version,
               v.published_at AS last_published_at, COALESCE(v.row_count, 0) AS records
          FROM datasets d
          LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version AND v.status = 'published'
         ${departmentId === null ? sql`` : sql`WHERE d.department_id = ${departmentId}`}
         ORDER BY d.title_zh${sql.raw(byteOrder(db))}`,
  );
  const withFlag = rows.map((r) => ({ ...r, overdue: isOverdue(r.update_frequency, r.last_published_at, now) }));
  return [...withFlag.filter((r) => r.overdue), ...withFlag.filter((r) => !r.overdue)];
}

export type Choice = { id: string; name_zh: string; name_en: string };

export const departmentChoices = async (db: AnyDb): Promise<Choice[]> => (await selectDepartments(db)).map(({ id, name_zh, name_en }) => ({ id, name_zh, name_en }));
export const themeChoices = async (db: AnyDb): Promise<Choice[]> => (await selectThemes(db)).map(({ id, name_zh, name_en }) => ({ id, name_zh, name_en }));
