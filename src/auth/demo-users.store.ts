import { builder, type AnyDb } from '../db/engine.js';
import { authTables } from './auth.tables.js';

/**
 * The people of the demo demand board (src/demand/demo-demand.ts): ids `demo-user-…` (the ids the demo usage
 * history already names), addresses at demo.invalid and a password hash no password verifies (argon2 refuses
 * it), so nobody can sign in as one. Removed with `DELETE FROM users WHERE id LIKE 'demo-user-%'`.
 */
export type DemoUser = { id: string; name: string; role: 'user' | 'publisher'; departmentId: string | null };

export const demoPasswordHash = '!demo-account-no-sign-in';

export async function insertDemoUsers(db: AnyDb, people: DemoUser[], createdAt: string): Promise<void> {
  const { users } = authTables(db);
  const rows = people.map((p) => ({ id: p.id, email: `${p.id}@demo.invalid`, passwordHash: demoPasswordHash, name: p.name, role: p.role, departmentId: p.departmentId, createdAt }));
  for (let i = 0; i < rows.length; i += 200) await builder(db).insert(users).values(rows.slice(i, i + 200)).onConflictDoNothing();
}
