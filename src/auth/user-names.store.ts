import { and, asc, eq, inArray } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { authTables } from './auth.tables.js';

// What other features may read of users: names and departments to show beside what someone did, and who answers for a department.

export type UserName = { name: string; department_id: string | null };

/** Names and departments of the given users that exist, by id. */
export async function userNamesById(db: AnyDb, ids: Iterable<string | null | undefined>): Promise<Map<string, UserName>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return new Map();
  const { users } = authTables(db);
  const rows = await builder(db).select({ id: users.id, name: users.name, department_id: users.departmentId }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, department_id: r.department_id }]));
}

/** The people who answer for a department: its publishers and department admins, by id. */
export async function departmentAnswererIds(db: AnyDb, departmentId: string): Promise<string[]> {
  const { users } = authTables(db);
  const rows = await builder(db).select({ id: users.id }).from(users)
    .where(and(eq(users.departmentId, departmentId), inArray(users.role, ['publisher', 'dept_admin'])))
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

/** Reviewers (the city's assessment office), by id: escalated warnings are theirs. */
export async function reviewerIds(db: AnyDb): Promise<string[]> {
  const { users } = authTables(db);
  const rows = await builder(db).select({ id: users.id }).from(users).where(eq(users.role, 'reviewer')).orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

export async function adminIds(db: AnyDb): Promise<string[]> {
  const { users } = authTables(db);
  const rows = await builder(db).select({ id: users.id }).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.id));
  return rows.map((r) => r.id);
}
