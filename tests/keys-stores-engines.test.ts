import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { execute } from '../src/db/engine.js';
import { insertUser } from '../src/auth/users.store.js';
import { countActiveKeys, insertKey, markKeyRevoked, preparedActiveKeyByHash, selectActiveKey, selectActiveKeys, setLastUsed, updateKeyLimits } from '../src/keys/keys.store.js';
import { insertGrant, markGrantRevoked, selectLiveGrants, type NewGrantRow } from '../src/keys/grants.store.js';
import { grantExpiriesById } from '../src/keys/grant-expiry.store.js';
import { addDailyCounts, selectDailyCount } from '../src/keys/key-daily-counts.store.js';
import { createRateLimiter } from '../src/keys/keys.ratelimit.js';
import type { ApiKeyPrincipal } from '../src/lib/context.js';
import { describeOnEngines } from './support/engines.js';

// The keys feature's store functions answer the same on SQLite and PostgreSQL (issue 14: one async interface).

const created = '2026-11-30T08:00:00.000Z';
const key = (id: string, owner: string, extra: Partial<Parameters<typeof insertKey>[1]> = {}) =>
  ({ id, prefix: `kf_${id}`, secretHash: `hash-${id}`, ownerUserId: owner, departmentId: null, name: `钥匙 ${id} 🔑`, createdAt: created, ...extra });
const grant = (id: string, extra: Partial<NewGrantRow>): NewGrantRow =>
  ({ id, datasetPk: 1, keyId: null, userId: null, departmentId: null, fields: null, expiresAt: null, demandId: null, createdAt: created, ...extra });

describeOnEngines('keys stores', (db) => {
  beforeAll(async () => {
    await execute(db(), sql`INSERT INTO departments (id, code, name_zh, name_en, position) VALUES ('transport', 'JT', '交通运输局', 'Transport Bureau', 0)`);
    await execute(db(), sql`INSERT INTO themes (id, name_zh, name_en, position) VALUES ('traffic', '交通', 'Traffic', 0)`);
    await execute(db(), sql`INSERT INTO datasets (pk, id, code, title_zh, title_en, summary_zh, summary_en, department_id, theme_id, open_type, update_frequency,
      license, keywords, keywords_en, spatial, related_codes, schema, created_at, updated_at)
      VALUES (1, 'bus-stops', 'JT-001', '公交站点', 'Bus stops', '', '', 'transport', 'traffic', 'conditional', 'monthly', 'CC-BY-4.0', '[]', '[]', '上海', '[]', '[]', ${created}, ${created})`);
    for (const id of ['dev1', 'dev2']) await insertUser(db(), { id, email: `${id}@example.cn`, name: `开发者${id}`, role: 'user', departmentId: null }, 'h', new Date(created));
  });

  it('lists a holder\'s active keys oldest first, ties in byte order of id, and finds one by id', async () => {
    await insertKey(db(), key('b-key', 'dev1'));
    await insertKey(db(), key('B-key', 'dev1'));
    await insertKey(db(), key('a-key', 'dev1', { createdAt: '2026-11-30T09:00:00.000Z', departmentId: 'transport' }));
    await insertKey(db(), key('other', 'dev2'));
    const list = await selectActiveKeys(db(), 'dev1');
    // 'B' (0x42) before 'b' (0x62) on both engines, whatever PostgreSQL's collation would say.
    expect(list.map((k) => k.id)).toEqual(['B-key', 'b-key', 'a-key']);
    expect(list[2]).toEqual({ id: 'a-key', name: '钥匙 a-key 🔑', prefix: 'kf_a-key', rate_per_min: 600, daily_quota: 50000, department_id: 'transport', created_at: '2026-11-30T09:00:00.000Z', last_used_at: null });
    expect(await countActiveKeys(db(), 'dev1')).toBe(3);
    expect(await countActiveKeys(db(), 'nobody')).toBe(0);
    expect((await selectActiveKey(db(), 'dev1', 'b-key'))?.name).toBe('钥匙 b-key 🔑');
    expect(await selectActiveKey(db(), 'dev1', 'other')).toBeUndefined();
  });

  it('finds the active key of a secret hash, with raised limits; a revoked key is found no more', async () => {
    await insertKey(db(), key('limited', 'dev2'));
    const byHash = preparedActiveKeyByHash(db());
    expect(await byHash('hash-limited')).toEqual({ id: 'limited', ownerUserId: 'dev2', departmentId: null, ratePerMin: 600, dailyQuota: 50000 });
    await updateKeyLimits(db(), 'limited', { ratePerMin: 6000, dailyQuota: 3_000_000 });
    await updateKeyLimits(db(), 'limited', {});
    expect(await byHash('hash-limited')).toMatchObject({ ratePerMin: 6000, dailyQuota: 3_000_000 });
    await setLastUsed(db(), 'limited', '2026-11-30T10:00:00.000Z');
    expect((await selectActiveKey(db(), 'dev2', 'limited'))?.last_used_at).toBe('2026-11-30T10:00:00.000Z');
    expect(await markKeyRevoked(db(), 'dev1', 'limited', created)).toBe(false); // not dev1's
    expect(await markKeyRevoked(db(), 'dev2', 'limited', created)).toBe(true);
    expect(await markKeyRevoked(db(), 'dev2', 'limited', created)).toBe(false); // revoked already
    expect(await byHash('hash-limited')).toBeUndefined();
    expect(await byHash('hash-unknown')).toBeUndefined();
  });

  it('answers the live grants of a holder with their fields, and when grants end', async () => {
    await insertKey(db(), key('granted', 'dev2'));
    await insertGrant(db(), grant('g-key', { keyId: 'granted', fields: ['站名', 'line'] }));
    await insertGrant(db(), grant('g-user', { userId: 'dev1', expiresAt: '2026-12-01T00:00:00.000Z', demandId: 'd1' }));
    await insertGrant(db(), grant('g-dept', { departmentId: 'transport', expiresAt: '2026-11-01T00:00:00.000Z' }));
    const now = '2026-11-30T12:00:00.000Z';
    expect(await selectLiveGrants(db(), 1, { keyId: 'granted', userId: null }, now)).toEqual([{ id: 'g-key', fields: ['站名', 'line'] }]);
    expect(await selectLiveGrants(db(), 1, { userId: 'dev1' }, now)).toEqual([{ id: 'g-user', fields: null }]);
    expect(await selectLiveGrants(db(), 1, { userId: 'dev1' }, '2026-12-01T00:00:00.000Z')).toEqual([]); // expired at that instant
    expect(await selectLiveGrants(db(), 1, { departmentId: 'transport' }, now)).toEqual([]); // expired a month ago
    expect(await selectLiveGrants(db(), 1, {}, now)).toEqual([]);
    expect(await markGrantRevoked(db(), 'g-key', now)).toBe(true);
    expect(await markGrantRevoked(db(), 'g-key', now)).toBe(false);
    expect(await markGrantRevoked(db(), 'g-none', now)).toBe(false);
    expect(await selectLiveGrants(db(), 1, { keyId: 'granted' }, now)).toEqual([]);
    const expiries = await grantExpiriesById(db(), ['g-user', 'g-key', null, 'g-none', 'g-user']);
    expect([...expiries.entries()].sort()).toEqual([['g-key', null], ['g-user', '2026-12-01T00:00:00.000Z']]);
    expect((await grantExpiriesById(db(), [])).size).toBe(0);
  });

  it('adds each save to the stored daily count, so concurrent savers (nodes) all count', async () => {
    expect(await selectDailyCount(db(), 'k-day', '2026-11-30')).toBeUndefined();
    expect(await addDailyCounts(db(), [{ keyId: 'k-day', day: '2026-11-30', added: 3 }], true)).toEqual([{ keyId: 'k-day', day: '2026-11-30', count: 3 }]);
    const saves = await Promise.all([
      addDailyCounts(db(), [{ keyId: 'k-day', day: '2026-11-30', added: 5 }, { keyId: 'k-other', day: '2026-11-30', added: 1 }], false),
      addDailyCounts(db(), [{ keyId: 'k-other', day: '2026-11-30', added: 2 }, { keyId: 'k-day', day: '2026-11-30', added: 7 }, { keyId: 'k-day', day: '2026-11-30', added: 1 }], true),
    ]);
    expect(saves.every((s) => s !== null)).toBe(true);
    expect(await selectDailyCount(db(), 'k-day', '2026-11-30')).toBe(16);
    expect(await selectDailyCount(db(), 'k-other', '2026-11-30')).toBe(3);
    expect(await selectDailyCount(db(), 'k-day', '2026-12-01')).toBeUndefined();
    expect(await addDailyCounts(db(), [{ keyId: 'k-big', day: '2026-11-30', added: 0 }], true)).toEqual([]);
  });

  it('two rate limiters on one database (two nodes) share one key\'s daily quota', async () => {
    const principal: ApiKeyPrincipal = { id: 'k-shared', ownerUserId: 'dev1', ownerRole: 'user', departmentId: null, ratePerMin: 600, dailyQuota: 5 };
    const nowMs = Date.parse('2026-11-30T12:00:00.000Z');
    const nodeA = createRateLimiter(db());
    const nodeB = createRateLimiter(db());
    for (let i = 0; i < 2; i++) expect((await nodeA.take(principal, nowMs)).allowed).toBe(true);
    for (let i = 0; i < 2; i++) expect((await nodeB.take(principal, nowMs)).allowed).toBe(true);
    // Flushes that overlap (the timer's and a shutdown's) add each call once.
    await Promise.all([nodeA.flush(), nodeB.flush(), nodeA.flush(), nodeB.flush()]);
    expect(await selectDailyCount(db(), 'k-shared', '2026-11-30')).toBe(4);
    expect((await nodeA.take(principal, nowMs + 1)).allowed).toBe(true);
    await nodeA.flush();
    // Each node learns what the others counted when it saves its own calls.
    expect(await nodeA.usedToday('k-shared', nowMs + 2)).toBe(5);
    const refused = await nodeA.take(principal, nowMs + 3);
    expect(refused).toMatchObject({ allowed: false, refusedBy: 'quota' });
    expect(await createRateLimiter(db()).usedToday('k-shared', nowMs + 4)).toBe(5);
  });
});
