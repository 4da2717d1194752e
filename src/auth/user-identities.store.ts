import { and, eq, sql } from 'drizzle-orm';
import { builder, rowsOf, tablesOf, type AnyDb } from '../db/engine.js';
import type { SessionUser } from '../lib/context.js';
import type { Role } from './auth.table.js';
import { authTables } from './auth.tables.js';
import * as sqlite from './user-identities.table.js';
import * as pg from './user-identities.pg-table.js';

const identityTables = (db: AnyDb) => tablesOf(db, { userIdentities: sqlite.userIdentities }, { userIdentities: pg.userIdentities });

/** The account linked to this provider's subject, or null. */
export async function selectIdentityUser(db: AnyDb, issuer: string, subject: string): Promise<SessionUser | null> {
  const { users } = authTables(db);
  const { userIdentities: ids } = identityTables(db);
  const [row] = await builder(db)
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId })
    .from(ids)
    .innerJoin(users, eq(users.id, ids.userId))
    .where(and(eq(ids.issuer, issuer), eq(ids.subject, subject)))
    .limit(1);
  return row ?? null;
}

export async function insertIdentity(db: AnyDb, issuer: string, subject: string, userId: string, now: Date): Promise<void> {
  const { userIdentities: ids } = identityTables(db);
  await builder(db).insert(ids).values({ issuer, subject, userId, createdAt: now.toISOString() });
}

/** The id of the department with this code, or null. */
export async function selectDepartmentIdByCode(db: AnyDb, code: string): Promise<string | null> {
  const rows = await rowsOf<{ id: string }>(db, sql`SELECT id FROM departments WHERE code = ${code}`);
  return rows[0]?.id ?? null;
}

export async function updateUserDepartmentRole(db: AnyDb, userId: string, role: Role, departmentId: string | null): Promise<void> {
  const { users } = authTables(db);
  await builder(db).update(users).set({ role, departmentId }).where(eq(users.id, userId));
}
