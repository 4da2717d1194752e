import { sql } from 'drizzle-orm';
import { execute, rowsOf, type AnyDb } from '../db/engine.js';

// The users table as a department's directory: who belongs, with which role, disabled or not.

export type DirectoryUser = { id: string; email: string; name: string; role: string; department_id: string | null; disabled_at: string | null; created_at: string };

const columns = sql.raw('id, email, name, role, department_id, disabled_at, created_at');

export async function selectDepartmentUsers(db: AnyDb, departmentId: string): Promise<DirectoryUser[]> {
  return await rowsOf<DirectoryUser>(db, sql`SELECT ${columns} FROM users WHERE department_id = ${departmentId} ORDER BY name, email`);
}

export async function selectDirectoryUser(db: AnyDb, userId: string): Promise<DirectoryUser | undefined> {
  return (await rowsOf<DirectoryUser>(db, sql`SELECT ${columns} FROM users WHERE id = ${userId}`))[0];
}

export async function updateUserRole(db: AnyDb, userId: string, role: string, departmentId: string | null): Promise<void> {
  await execute(db, sql`UPDATE users SET role = ${role}, department_id = ${departmentId} WHERE id = ${userId}`);
}

/** `at` null enables the account again. */
export async function updateUserDisabled(db: AnyDb, userId: string, at: string | null): Promise<void> {
  await execute(db, sql`UPDATE users SET disabled_at = ${at} WHERE id = ${userId}`);
}

export async function isUserDisabled(db: AnyDb, userId: string): Promise<boolean> {
  return (await rowsOf<{ disabled_at: string | null }>(db, sql`SELECT disabled_at FROM users WHERE id = ${userId}`))[0]?.disabled_at != null;
}

export async function departmentExists(db: AnyDb, departmentId: string): Promise<boolean> {
  return (await rowsOf<{ id: string }>(db, sql`SELECT id FROM departments WHERE id = ${departmentId}`)).length > 0;
}

export async function selectDepartmentNames(db: AnyDb): Promise<{ id: string; name_zh: string; name_en: string }[]> {
  return await rowsOf(db, sql`SELECT id, name_zh, name_en FROM departments ORDER BY id`);
}
