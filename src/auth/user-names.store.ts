import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { users } from './auth.table.js';

// What other features may read of users: names and departments to show beside what someone did, and who answers for a department.

export type UserName = { name: string; department_id: string | null };

/** Names and departments of the given users that exist, by id. */
export async function userNamesById(db: Db, ids: Iterable<string | null | undefined>): Promise<Map<string, UserName>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return new Map();
  const rows = db.select({ id: users.id, name: users.name, department_id: users.departmentId }).from(users).where(inArray(users.id, wanted)).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, department_id: r.department_id }]));
}

/** The people who answer for a department: its publishers and department admins, by id. */
export const departmentAnswererIds = async (db: Db, departmentId: string): Promise<string[]> =>
  db.select({ id: users.id }).from(users)
    .where(and(eq(users.departmentId, departmentId), inArray(users.role, ['publisher', 'dept_admin'])))
    .orderBy(asc(users.id)).all().map((r) => r.id);

export const adminIds = async (db: Db): Promise<string[]> =>
  db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.id)).all().map((r) => r.id);
