import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { execute } from '../src/db/engine.js';
import { inTransaction } from '../src/db/transaction.js';
import { insertUser, isUniqueViolation, selectUserByEmail, updatePasswordHash } from '../src/auth/users.store.js';
import { deleteSession, deleteUserSessions, insertSession, selectSessionBetween, updateSessionExpiry } from '../src/auth/sessions.store.js';
import { adminIds, departmentAnswererIds, userNamesById } from '../src/auth/user-names.store.js';
import { preparedUserRole } from '../src/auth/user-roles.store.js';
import { describeOnEngines } from './support/engines.js';

// The auth feature's store functions answer the same on SQLite and PostgreSQL (issue 14: one async interface).

const person = (id: string, role: string, departmentId: string | null) => ({ id, email: `${id}@example.cn`, name: `名字${id}`, role, departmentId });
const now = new Date('2026-11-30T00:00:00Z');
// Past 2^31: epoch milliseconds need SQLite's 64-bit integer and PostgreSQL's bigint.
const expiry = Date.parse('2027-01-01T00:00:00Z');

describeOnEngines('auth stores', (db) => {
  beforeAll(async () => {
    await execute(db(), sql`INSERT INTO departments (id, code, name_zh, name_en, position) VALUES ('transport', 'JT', '交通运输局', 'Transport Bureau', 0)`);
    for (const p of [person('u_pub2', 'publisher', 'transport'), person('u_pub1', 'publisher', 'transport'), person('u_da', 'dept_admin', 'transport'),
      person('u_admin', 'admin', null), person('u_plain', 'user', null)]) await insertUser(db(), p, 'hash-0', now);
  });

  it('finds an account by address, with its hash; a second account on one address is a unique violation', async () => {
    expect(await selectUserByEmail(db(), 'u_pub1@example.cn')).toEqual({ id: 'u_pub1', email: 'u_pub1@example.cn', name: '名字u_pub1', role: 'publisher', departmentId: 'transport', passwordHash: 'hash-0' });
    expect(await selectUserByEmail(db(), 'nobody@example.cn')).toBeNull();
    const err = await insertUser(db(), { ...person('u_other', 'user', null), email: 'u_pub1@example.cn' }, 'h', now).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    await updatePasswordHash(db(), 'u_pub1', 'hash-1');
    expect((await selectUserByEmail(db(), 'u_pub1@example.cn'))!.passwordHash).toBe('hash-1');
  });

  it('keeps sessions with their user, finds one between bounds, moves its expiry, and deletes one or all of a user', async () => {
    await insertSession(db(), 'b-session', 'u_pub1', expiry);
    await insertSession(db(), 'c-session', 'u_pub1', expiry);
    await insertSession(db(), 'd-session', 'u_admin', expiry);
    expect(await selectSessionBetween(db(), 'b', 'b~')).toEqual({ id_hash: 'b-session', expires_at: expiry, last_seen_at: null, id: 'u_pub1', email: 'u_pub1@example.cn', name: '名字u_pub1', role: 'publisher', department_id: 'transport' });
    // Byte order on both engines: 'B' (0x42) sorts before 'b' (0x62), so ['B', 'a') holds no session.
    expect(await selectSessionBetween(db(), 'B', 'a')).toBeUndefined();
    await updateSessionExpiry(db(), 'b-session', expiry + 1000);
    expect((await selectSessionBetween(db(), 'b', 'b~'))!.expires_at).toBe(expiry + 1000);
    await deleteSession(db(), 'b-session');
    expect(await selectSessionBetween(db(), 'b', 'b~')).toBeUndefined();
    await deleteUserSessions(db(), 'u_pub1');
    expect(await selectSessionBetween(db(), 'c', 'c~')).toBeUndefined();
    expect(await selectSessionBetween(db(), 'd', 'd~')).toBeDefined();
  });

  it('names users, lists who answers for a department and the admins, in id order, and reads a role', async () => {
    const names = await userNamesById(db(), ['u_da', 'u_missing', null, 'u_admin', 'u_da']);
    expect([...names.entries()].sort()).toEqual([['u_admin', { name: '名字u_admin', department_id: null }], ['u_da', { name: '名字u_da', department_id: 'transport' }]]);
    expect(await departmentAnswererIds(db(), 'transport')).toEqual(['u_da', 'u_pub1', 'u_pub2']);
    expect(await adminIds(db())).toEqual(['u_admin']);
    const roleOf = preparedUserRole(db());
    expect(await roleOf('u_da')).toBe('dept_admin');
    expect(await roleOf('u_missing')).toBeUndefined();
  });

  it('writes a unit of work whole or not at all', async () => {
    await expect(inTransaction(db(), async (tx) => {
      await insertUser(tx, person('u_tx', 'user', null), 'h', now);
      await insertSession(tx, 'tx-session', 'u_tx', expiry);
      throw new Error('the last step failed');
    })).rejects.toThrow('the last step failed');
    expect(await selectUserByEmail(db(), 'u_tx@example.cn')).toBeNull();
    await inTransaction(db(), async (tx) => {
      await insertUser(tx, person('u_tx', 'user', null), 'h', now);
      await insertSession(tx, 'tx-session', 'u_tx', expiry);
    });
    expect((await selectSessionBetween(db(), 'tx', 'tx~'))!.id).toBe('u_tx');
  });
});
