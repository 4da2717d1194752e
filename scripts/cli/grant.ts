import { sql } from 'drizzle-orm';
import { closeConnection } from '../../src/db/connection.js';
import { rowsOf } from '../../src/db/engine.js';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import type { Db } from '../../src/db/client.js';
import { addGrant } from '../../src/keys/index.js';
import { consoleLog } from './log.js';
import { recordAudit } from '../../src/audit/index.js';
import { cliActor } from './cli-actor.js';

type Holder = { userId?: string; keyId?: string; departmentId?: string; label: string };

async function findHolder(db: Db, v: { email?: string; key?: string; 'key-prefix'?: string; department?: string }): Promise<Holder> {
  const given = [v.email, v.key ?? v['key-prefix'], v.department].filter(Boolean).length;
  if (given !== 1) throw new Error('grant add needs exactly one of --email, --key-prefix (or --key) and --department');
  if (v.email) {
    const [u] = await rowsOf<{ id: string }>(db, sql`SELECT id FROM users WHERE email = ${v.email.trim().toLowerCase()}`);
    if (!u) throw new Error(`no user with e-mail ${v.email}`);
    return { userId: u.id, label: `user ${v.email}` };
  }
  if (v.department) {
    if (!(await rowsOf(db, sql`SELECT id FROM departments WHERE id = ${v.department}`)).length) throw new Error(`no department '${v.department}'`);
    return { departmentId: v.department, label: `department ${v.department}` };
  }
  // A key is named by its visible prefix (or id): the secret itself is never typed into a shell history.
  const ref = (v.key ?? v['key-prefix'])!.replace(/^kf_/, '');
  const keys = await rowsOf<{ id: string }>(db, sql`SELECT id FROM api_keys WHERE (prefix = ${ref.slice(0, 8)} OR id = ${ref}) AND revoked_at IS NULL`);
  if (keys.length !== 1) throw new Error(keys.length ? `prefix ${ref} matches ${keys.length} keys; use the key id` : `no active key '${ref}'`);
  return { keyId: keys[0]!.id, label: `key ${keys[0]!.id}` };
}

/** `grant add --dataset ID (--email E | --key-prefix P | --department D) [--fields a,b] [--expires 2027-01-01]` */
export async function grantAdd(args: string[], opts: { db?: Db; print?: (line: string) => void } = {}): Promise<void> {
  const { values } = parseArgs({
    // A key prefix is base64url and may begin with '-', which parseArgs would take for an option: join it to its flag.
    args: args.flatMap((a, i) => (a === '--key-prefix' || a === '--key' ? [] : args[i - 1] === '--key-prefix' || args[i - 1] === '--key' ? [`${args[i - 1]}=${a}`] : [a])),
    options: { dataset: { type: 'string' }, email: { type: 'string' }, key: { type: 'string' }, 'key-prefix': { type: 'string' }, department: { type: 'string' }, fields: { type: 'string' }, expires: { type: 'string' } },
  });
  if (!values.dataset) throw new Error('grant add needs --dataset');
  const expires = values.expires ? new Date(values.expires) : null;
  if (expires && Number.isNaN(expires.getTime())) throw new Error(`--expires '${values.expires}' is not a date`);
  if (expires && expires.getTime() <= Date.now()) throw new Error(`--expires ${values.expires} is in the past (${expires.toISOString()}); a grant must end after now`);
  const db = opts.db ?? (await openDataDir(readEnv(), consoleLog)).db;
  try {
    const [ds] = await rowsOf<{ pk: number; schema: string; department_id: string }>(db, sql`SELECT pk, schema, department_id FROM datasets WHERE id = ${values.dataset}`);
    if (!ds) throw new Error(`no dataset '${values.dataset}'`);
    const fields = values.fields ? values.fields.split(',').map((f) => f.trim()).filter(Boolean) : null;
    const known = new Set((JSON.parse(ds.schema) as { name: string }[]).map((f) => f.name));
    const unknown = fields?.filter((f) => !known.has(f)) ?? [];
    if (unknown.length) throw new Error(`unknown field(s) of ${values.dataset}: ${unknown.join(', ')}`);
    const holder = await findHolder(db, values);
    const id = await addGrant(db, { datasetPk: ds.pk, userId: holder.userId, keyId: holder.keyId, departmentId: holder.departmentId, fields, expiresAt: expires?.toISOString() ?? null }, new Date());
    const scope = `${holder.label}${fields ? `; fields: ${fields.join(', ')}` : ''}${expires ? `; until ${expires.toISOString()}` : ''}`;
    await recordAudit(db, { ...cliActor(), action: 'grants.created', target: `grant:${id}`, targetDepartmentId: ds.department_id, summary: `dataset ${values.dataset} to ${scope}` });
    (opts.print ?? console.log)(`granted ${values.dataset} to ${holder.label}${fields ? ` (fields: ${fields.join(', ')})` : ''}${expires ? ` until ${expires.toISOString()}` : ''}: ${id}`);
  } finally {
    if (!opts.db) await closeConnection(db);
  }
}
