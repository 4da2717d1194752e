import { closeConnection } from '../../src/db/connection.js';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import type { Db } from '../../src/db/client.js';
import { setUserPassword } from '../../src/auth/index.js';
import { consoleLog } from './log.js';
import { recordAudit } from '../../src/audit/index.js';
import { cliActor } from './cli-actor.js';

/**
 * `user password --email E --password P`: the operator's way to let a person back in (the portal sends
 * no mail). Sets a new password under the same rules as sign-up and ends every session of the account.
 */
export async function userPassword(args: string[], opts: { db?: Db; print?: (line: string) => void } = {}): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' } } });
  if (!values.email || !values.password) throw new Error('user password needs --email and --password');
  const db = opts.db ?? (await openDataDir(readEnv(), consoleLog)).db;
  try {
    const user = await setUserPassword(db, values.email, values.password);
    await recordAudit(db, { ...cliActor(), action: 'users.password_set', target: `user:${user.id}`, targetDepartmentId: user.departmentId, summary: 'sessions ended' });
    (opts.print ?? console.log)(`new password set for ${user.email} (${user.id}); its sessions are ended`);
  } finally {
    if (!opts.db) await closeConnection(db);
  }
}
