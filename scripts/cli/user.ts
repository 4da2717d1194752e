import { sql } from 'drizzle-orm';
import { closeConnection } from '../../src/db/connection.js';
import { rowsOf } from '../../src/db/engine.js';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import type { Db } from '../../src/db/client.js';
import { roles, type Role, createUser } from '../../src/auth/index.js';
import { consoleLog } from './log.js';
import { recordAudit } from '../../src/audit/index.js';
import { cliActor } from './cli-actor.js';

/** `user add --email E --password P --role R [--department D] [--name N]`; `db` is given by tests. */
export async function userAdd(args: string[], opts: { db?: Db; print?: (line: string) => void } = {}): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'user' }, department: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email || !values.password) throw new Error('user add needs --email and --password');
  if (!(roles as readonly string[]).includes(values.role!)) throw new Error(`--role must be one of ${roles.join(', ')}`);
  const role = values.role as Role;
  if ((role === 'publisher' || role === 'dept_admin') && !values.department) throw new Error(`--role ${role} needs --department`);
  const db = opts.db ?? (await openDataDir(readEnv(), consoleLog)).db;
  try {
    if (values.department && !(await rowsOf(db, sql`SELECT 1 FROM departments WHERE id = ${values.department}`)).length) throw new Error(`no department '${values.department}'`);
    const user = await createUser(db, { email: values.email, password: values.password, name: values.name, role, departmentId: values.department ?? null }, new Date());
    await recordAudit(db, { ...cliActor(), action: 'users.created', target: `user:${user.id}`, targetDepartmentId: user.departmentId, summary: `role: ${user.role}` });
    (opts.print ?? console.log)(`created ${user.role} ${user.email} (${user.id})${user.departmentId ? ` of ${user.departmentId}` : ''}`);
  } finally {
    if (!opts.db) await closeConnection(db);
  }
}
