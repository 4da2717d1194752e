import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { execute, isPg, type AnyDb } from '../src/db/engine.js';
import { insertUser } from '../src/auth/users.store.js';
import { insertDelivery, insertDemand, insertItem, moveStatus, recordEvent, type NewDemand } from '../src/demand/demand.store.js';
import { cartItemIdFor, cartItemsOf, cartSize, clearCart, deleteCartItem, insertCartItem, updateCartItem } from '../src/demand/demand-cart.store.js';
import { commentsOf, deliveriesOf, deliveryById, eventsOf, itemsOf } from '../src/demand/demand-details.store.js';
import { insertNotifications, markNotificationsRead, notificationCount, notificationsOf } from '../src/demand/demand-notifications.store.js';
import { deleteVote, hasVoted, insertComment, insertVote, voteCount } from '../src/demand/demand-social.store.js';
import { selectDemand, selectDemands, type DemandScope } from '../src/demand/demand-list.sql.js';
import { recurringOrdersDue } from '../src/demand/demand-recurring.sql.js';
import { cartItemCount, votedDemandIds } from '../src/demand/demand.viewer.sql.js';
import {
  answeredInTimeSql, correctionsSql, departmentValues, medianHoursSql, onTimeSql, ratingSql, receivedSql, roundLikeSqlite,
} from '../src/demand/demand-indicators.sql.js';
import { toRange, type Period } from '../src/usage/usage.period.js';
import { describeOnEngines } from './support/engines.js';

// The demand board's store functions answer the same on SQLite and PostgreSQL (issue 14). On PostgreSQL the text
// columns the board orders by are given a linguistic collation first (ICU's root locale, as a database created
// with a zh_CN or en_US locale would have): ids and timestamps must still sort byte-wise, as SQLite sorts them.

const at = (iso: string) => `${iso}Z`;
const dec = (day: number, hm = '02:00:00') => at(`2026-12-${String(day).padStart(2, '0')}T${hm}`);
const demand = (id: string, extra: Partial<NewDemand> = {}): NewDemand => ({
  id, kind: 'order', title: `需求 ${id} 📊`, requesterUserId: 'u_req', requesterDepartmentId: 'transport', providerDepartmentId: 'taxation',
  datasetPk: null, deliveryMode: 'file', dueAt: dec(21, '15:59:59'), firstResponseDueAt: dec(14, '15:59:59'), createdAt: dec(7), ...extra,
});
const jan = (day: number, hm = '02:00:00') => at(`2027-01-${String(day).padStart(2, '0')}T${hm}`);
const january: Period = { ...toRange('2027-01-01', '2027-01-31'), label: '2027-01', kind: 'month', asOf: '2027-01-31T00:00:00.000Z' };

/** ICU's root collation puts 'a' before 'B'; byte order puts 'B' (0x42) before 'a' (0x61). */
async function linguisticTextColumns(db: AnyDb): Promise<void> {
  if (!isPg(db)) return;
  const columns: [string, string][] = [
    ['demands', 'id'], ['demands', 'created_at'], ['demands', 'due_at'], ['demands', 'first_response_due_at'], ['demands', 'planned_for'],
    ['demand_events', 'ts'], ['demand_comments', 'created_at'], ['deliveries', 'delivered_at'], ['deliveries', 'format'], ['notifications', 'created_at'],
  ];
  for (const [table, column] of columns) await execute(db, sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text COLLATE "und-x-icu"`));
}

async function seedPeople(db: AnyDb): Promise<void> {
  await execute(db, sql`INSERT INTO departments (id, code, name_zh, name_en, position) VALUES ('transport', 'JT', '交通运输局', 'Transport', 0),
    ('taxation', 'SW', '税务局', 'Taxation', 1), ('justice', 'SF', '司法局', 'Justice', 2), ('audit', 'SJ', '审计局', 'Audit', 3)`);
  await execute(db, sql`INSERT INTO themes (id, name_zh, name_en, position) VALUES ('traffic', '交通', 'Traffic', 0)`);
  for (const pk of [1, 2]) {
    await execute(db, sql`INSERT INTO datasets (pk, id, code, title_zh, title_en, summary_zh, summary_en, department_id, theme_id, open_type, update_frequency,
      license, keywords, keywords_en, spatial, related_codes, schema, created_at, updated_at)
      VALUES (${pk}, ${`set-${pk}`}, ${`SW-00${pk}`}, '办税大厅', 'Tax halls', '', '', 'taxation', 'traffic', 'conditional', 'monthly', 'CC-BY-4.0', '[]', '[]', '上海', '[]', '[]', ${dec(1)}, ${dec(1)})`);
  }
  const people: [string, string | null][] = [['u_req', 'transport'], ['u_tax', 'taxation'], ['u_cit', null], ['u_aud', 'audit']];
  for (const [id, departmentId] of people) await insertUser(db, { id, email: `${id}@example.cn`, name: `用户${id}`, role: 'publisher', departmentId }, 'h', new Date(dec(1)));
}

describeOnEngines('demand stores', (db) => {
  beforeAll(async () => {
    await linguisticTextColumns(db());
    await seedPeople(db());
  });

  describe('the board', () => {
    beforeAll(async () => {
      // Two orders at the same instant: ids in byte order are dm_B, dm_a.
      await insertDemand(db(), demand('dm_a', { datasetPk: 1 }));
      await insertDemand(db(), demand('dm_B'));
      await insertItem(db(), 'dm_B', { datasetPk: 2, fields: ['名称', 'addr'], filter: "district = '浦东'" });
      await insertItem(db(), 'dm_B', { datasetPk: 1, fields: null, filter: null });
      await insertDemand(db(), demand('dm_wish', { kind: 'new_data', requesterUserId: 'u_cit', requesterDepartmentId: null, providerDepartmentId: 'justice', deliveryMode: null, dueAt: null, createdAt: dec(8) }));
      await insertDemand(db(), demand('dm_fix', { kind: 'correction', requesterUserId: 'u_cit', requesterDepartmentId: null, datasetPk: 2, createdAt: dec(9), rowRef: 'r-1', fieldRef: '地址' }));
      for (const id of ['dm_a', 'dm_B', 'dm_wish', 'dm_fix']) await recordEvent(db(), { demandId: id, ts: (await selectDemand(db(), id, new Date(dec(10))))!.created_at, actorUserId: null, action: 'submit', from: null, to: 'submitted' });
      await recordEvent(db(), { demandId: 'dm_fix', ts: dec(10), actorUserId: 'u_tax', action: 'accept', from: 'submitted', to: 'accepted', note: '收到' });
      await moveStatus(db(), 'dm_fix', 'submitted', 'accepted', {}, dec(10));
      await insertVote(db(), 'dm_wish', 'u_req', dec(9));
      await insertVote(db(), 'dm_wish', 'u_tax', dec(9));
    });

    it('reads a demand with its derived figures: first answer, votes, items, and what is overdue', async () => {
      const fix = await selectDemand(db(), 'dm_fix', new Date(dec(11)));
      expect(fix).toMatchObject({ id: 'dm_fix', kind: 'correction', title: '需求 dm_fix 📊', status: 'accepted', first_response_at: dec(10), votes: 0, item_count: 0, dataset_pk: 2, row_ref: 'r-1', field_ref: '地址', overdue: null, rating: null, legal_basis: null });
      const b = await selectDemand(db(), 'dm_B', new Date(dec(15)));
      expect(b).toMatchObject({ votes: 0, item_count: 2, first_response_at: null, overdue: 'response', description: '', dataset_pk: null });
      expect((await selectDemand(db(), 'dm_B', new Date(dec(22))))!.overdue).toBe('response');
      expect((await selectDemand(db(), 'dm_fix', new Date(dec(22))))!.overdue).toBe('delivery');
      expect((await selectDemand(db(), 'dm_wish', new Date(dec(11))))).toMatchObject({ votes: 2, item_count: 0, overdue: null, delivery_mode: null, due_at: null });
      expect(await selectDemand(db(), 'dm_none', new Date(dec(11)))).toBeUndefined();
    });

    it('lists newest first, ties in byte order of id, pages after a position, and counts the whole list', async () => {
      const now = new Date(dec(11));
      const every: DemandScope = { every: true };
      const first = await selectDemands(db(), {}, every, null, now, 2, null);
      expect(first.rows.map((r) => r.id)).toEqual(['dm_fix', 'dm_wish']);
      expect(first.total).toBe(4);
      expect(first.next).toEqual([dec(8), 'dm_wish']);
      const second = await selectDemands(db(), {}, every, null, now, 2, first.next);
      expect(second.rows.map((r) => r.id)).toEqual(['dm_a', 'dm_B']);
      expect(second.next).toBeNull();
      expect((await selectDemands(db(), {}, every, null, now, 10, [dec(7), 'dm_a'])).rows.map((r) => r.id)).toEqual(['dm_B']);
      expect(typeof second.rows[0]!.votes).toBe('number');
    });

    it('filters by scope, kind, status, side, department, dataset and overdue', async () => {
      const now = new Date(dec(15));
      const ids = async (f: Parameters<typeof selectDemands>[1], scope: DemandScope = { every: true }, viewer: { id: string; departmentId: string | null } | null = null) =>
        (await selectDemands(db(), f, scope, viewer, now, 50, null)).rows.map((r) => r.id);
      expect(await ids({}, { publicOnly: true })).toEqual(['dm_fix', 'dm_wish']);
      expect(await ids({}, { userId: 'u_cit', departmentId: null })).toEqual(['dm_fix', 'dm_wish']);
      expect(await ids({}, { userId: 'u_aud', departmentId: 'taxation' })).toEqual(['dm_fix', 'dm_wish', 'dm_a', 'dm_B']);
      expect(await ids({ kind: 'order' })).toEqual(['dm_a', 'dm_B']);
      expect(await ids({ kinds: ['new_data', 'correction'] })).toEqual(['dm_fix', 'dm_wish']);
      expect(await ids({ status: 'accepted' })).toEqual(['dm_fix']);
      expect(await ids({ department: 'justice' })).toEqual(['dm_wish']);
      expect(await ids({ department: 'transport', side: 'sent' })).toEqual(['dm_a', 'dm_B']);
      expect(await ids({ department: 'transport', side: 'received' })).toEqual([]);
      expect(await ids({ side: 'sent' }, { every: true }, { id: 'u_cit', departmentId: null })).toEqual(['dm_fix', 'dm_wish']);
      expect(await ids({ side: 'received' }, { every: true }, { id: 'u_tax', departmentId: 'taxation' })).toEqual(['dm_fix', 'dm_a', 'dm_B']);
      expect(await ids({ datasetPk: 1 })).toEqual(['dm_a', 'dm_B']);
      expect(await ids({ datasetPk: 2 })).toEqual(['dm_fix', 'dm_B']);
      expect(await ids({ datasetPk: null })).toEqual([]);
      expect(await ids({ overdue: true })).toEqual(['dm_wish', 'dm_a', 'dm_B']);
      expect(await ids({ overdue: false })).toEqual(['dm_fix']);
      const late = await selectDemands(db(), { overdue: true }, { every: true }, null, now, 1, null);
      expect([late.total, late.rows[0]!.overdue, late.next]).toEqual([3, 'response', [dec(8), 'dm_wish']]);
    });

    it('moves a status only from the status it still has, once, however many ask at the same time', async () => {
      await insertDemand(db(), demand('dm_race', { createdAt: dec(6) }));
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
        moveStatus(db(), 'dm_race', 'submitted', i % 2 ? 'accepted' : 'rejected', { rating_comment: `第${i}个` }, dec(12))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      const moved = await selectDemand(db(), 'dm_race', new Date(dec(12)));
      expect([moved!.status, moved!.rating_comment, moved!.updated_at]).toEqual([winner % 2 ? 'accepted' : 'rejected', `第${winner}个`, dec(12)]);
      expect(await moveStatus(db(), 'dm_race', 'submitted', 'accepted', {}, dec(13))).toBe(false);
      await execute(db(), sql`UPDATE demands SET status = 'accepted' WHERE id = 'dm_race'`);
      expect(await moveStatus(db(), 'dm_race', 'accepted', 'planned', { planned_for: '2027-03-01', linked_dataset_pk: 2, linked_version: 3, rating: 5, provider_department_id: 'justice' }, dec(13))).toBe(true);
      expect(await selectDemand(db(), 'dm_race', new Date(dec(13)))).toMatchObject({ status: 'planned', planned_for: '2027-03-01', linked_dataset_pk: 2, linked_version: 3, rating: 5, provider_department_id: 'justice', rating_comment: `第${winner}个` });
    });

    it('keeps items, the timeline and comments in order', async () => {
      expect(await itemsOf(db(), 'dm_B')).toEqual([
        { id: expect.any(Number), dataset_pk: 2, fields: ['名称', 'addr'], filter: "district = '浦东'" },
        { id: expect.any(Number), dataset_pk: 1, fields: null, filter: null },
      ]);
      const c1 = await insertComment(db(), 'dm_fix', 'u_cit', '第二条 👍', dec(11));
      const c2 = await insertComment(db(), 'dm_fix', 'u_tax', '第一条', dec(10, '23:00:00'));
      expect(c2).toBeGreaterThan(c1);
      expect(await commentsOf(db(), 'dm_fix')).toEqual([
        { id: c2, body: '第一条', user_id: 'u_tax', created_at: dec(10, '23:00:00') }, { id: c1, body: '第二条 👍', user_id: 'u_cit', created_at: dec(11) },
      ]);
      expect(await eventsOf(db(), 'dm_fix')).toEqual([
        { id: expect.any(Number), ts: dec(9), action: 'submit', from_status: null, to_status: 'submitted', note: null, actor_user_id: null },
        { id: expect.any(Number), ts: dec(10), action: 'accept', from_status: 'submitted', to_status: 'accepted', note: '收到', actor_user_id: 'u_tax' },
      ]);
    });

    it('counts votes once per person and tells who voted', async () => {
      expect(await insertVote(db(), 'dm_fix', 'u_cit', dec(11))).toBe(true);
      expect(await insertVote(db(), 'dm_fix', 'u_cit', dec(12))).toBe(false);
      expect(await voteCount(db(), 'dm_fix')).toBe(1);
      expect(await hasVoted(db(), 'dm_fix', 'u_cit')).toBe(true);
      expect(await hasVoted(db(), 'dm_fix', 'u_req')).toBe(false);
      expect([...await votedDemandIds(db(), 'u_req', ['dm_wish', 'dm_fix', 'dm_none'])]).toEqual(['dm_wish']);
      expect((await votedDemandIds(db(), 'u_req', [])).size).toBe(0);
      await deleteVote(db(), 'dm_fix', 'u_cit');
      expect(await voteCount(db(), 'dm_fix')).toBe(0);
    });
  });

  describe('deliveries and recurring orders', () => {
    const big = 5_000_000_000; // past 2^32: a bigint on PostgreSQL
    beforeAll(async () => {
      for (const id of ['dm_rb', 'dm_Ra', 'dm_rA', 'dm_rnew', 'dm_rold']) await insertDemand(db(), demand(id, { deliveryMode: 'recurring' }));
      await execute(db(), sql`UPDATE demands SET status = 'delivered' WHERE id IN ('dm_rb', 'dm_Ra', 'dm_rA', 'dm_rnew', 'dm_rold')`);
      const deliver = (id: string, demandId: string, deliveredAt: string, format: string | null, datasetPk = 1) =>
        insertDelivery(db(), { id, demandId, datasetPk, version: 2, deliveredAt, ...(format ? { artifact: { sha256: `sha-${id}`, path: `p/${id}`, bytes: big, format } } : { grantId: `g-${id}` }) });
      await deliver('dl_3', 'dm_rb', '2026-10-01T00:00:00Z', 'json');
      await deliver('dl_2', 'dm_rb', '2026-10-01T00:00:00Z', 'csv');
      await deliver('dl_1', 'dm_rb', '2026-10-01T00:00:00Z', null);
      await deliver('dl_0', 'dm_rb', '2026-09-01T00:00:00Z', 'xlsx', 2);
      await deliver('dl_4', 'dm_Ra', '2026-10-15T00:00:00Z', 'csv');
      await deliver('dl_5', 'dm_rA', '2026-10-15T00:00:00Z', 'csv');
      await deliver('dl_6', 'dm_rnew', '2026-11-20T00:00:00Z', 'csv'); // delivered too recently
      await deliver('dl_7', 'dm_rold', '2025-10-01T00:00:00Z', 'csv'); // its first file is over a year old
    });

    it('lists a demand\'s deliveries by time, dataset and format (an API grant, without format, first)', async () => {
      const list = await deliveriesOf(db(), 'dm_rb');
      expect(list.map((d) => d.id)).toEqual(['dl_0', 'dl_1', 'dl_2', 'dl_3']);
      expect(list[2]).toEqual({ id: 'dl_2', demand_id: 'dm_rb', dataset_pk: 1, version: 2, artifact_sha: 'sha-dl_2', artifact_bytes: big, format: 'csv', grant_id: null, delivered_at: '2026-10-01T00:00:00Z' });
      expect(await deliveryById(db(), 'dl_1')).toMatchObject({ format: null, grant_id: 'g-dl_1', artifact_bytes: null });
      expect(await deliveryById(db(), 'dl_none')).toBeUndefined();
    });

    it('finds recurring orders due a fresh file, in byte order of id', async () => {
      expect(await recurringOrdersDue(db(), '2026-11-01T00:00:00Z', '2025-11-01T00:00:00Z')).toEqual(['dm_Ra', 'dm_rA', 'dm_rb']);
      expect(await recurringOrdersDue(db(), '2026-10-10T00:00:00Z', '2025-11-01T00:00:00Z')).toEqual(['dm_rb']);
    });
  });

  describe('cart and notifications', () => {
    it('keeps a cart per person, in the order items were added', async () => {
      await insertCartItem(db(), 'u_req', 2, { fields: ['地址', 'phone'], filter: null, deliveryMode: 'file' }, dec(1));
      await insertCartItem(db(), 'u_req', 1, { fields: null, filter: "district = '徐汇'", deliveryMode: 'recurring' }, dec(2));
      await insertCartItem(db(), 'u_cit', 1, { fields: null, filter: null, deliveryMode: 'api' }, dec(2));
      const cart = await cartItemsOf(db(), 'u_req');
      expect(cart).toEqual([
        { id: expect.any(Number), userId: 'u_req', datasetPk: 2, fields: ['地址', 'phone'], filter: null, deliveryMode: 'file', createdAt: dec(1) },
        { id: expect.any(Number), userId: 'u_req', datasetPk: 1, fields: null, filter: "district = '徐汇'", deliveryMode: 'recurring', createdAt: dec(2) },
      ]);
      expect(await cartItemIdFor(db(), 'u_req', 1)).toBe(cart[1]!.id);
      expect(await cartItemIdFor(db(), 'u_tax', 1)).toBeUndefined();
      await updateCartItem(db(), cart[1]!.id, { fields: ['名称'], filter: null, deliveryMode: 'api' });
      expect((await cartItemsOf(db(), 'u_req'))[1]).toMatchObject({ fields: ['名称'], filter: null, deliveryMode: 'api' });
      expect([await cartSize(db(), 'u_req'), await cartItemCount(db(), 'u_req'), await cartSize(db(), 'u_tax')]).toEqual([2, 2, 0]);
      expect(await deleteCartItem(db(), 'u_cit', cart[0]!.id)).toBe(false); // not theirs
      expect(await deleteCartItem(db(), 'u_req', 99_999_999_999)).toBe(false); // no such id (past PostgreSQL's integer)
      expect(await deleteCartItem(db(), 'u_req', cart[0]!.id)).toBe(true);
      expect(await deleteCartItem(db(), 'u_req', cart[0]!.id)).toBe(false);
      await clearCart(db(), 'u_req');
      expect([await cartSize(db(), 'u_req'), await cartSize(db(), 'u_cit')]).toEqual([0, 1]);
    });

    it('tells each person on their own, newest first, and marks read what they name or everything', async () => {
      await insertNotifications(db(), ['u_req', 'u_tax'], 'taxation', 'dm_a', '新的订单 📦', dec(3));
      await insertNotifications(db(), new Set(['u_req']), null, 'dm_B', '已受理', dec(4));
      await insertNotifications(db(), [], null, 'dm_B', 'nobody', dec(4));
      const mine = await notificationsOf(db(), 'u_req', 10, false);
      expect(mine).toEqual([
        { id: expect.any(Number), demand_id: 'dm_B', link: null, message: '已受理', created_at: dec(4), read_at: null, demand_title: '需求 dm_B 📊' },
        { id: expect.any(Number), demand_id: 'dm_a', link: null, message: '新的订单 📦', created_at: dec(3), read_at: null, demand_title: '需求 dm_a 📊' },
      ]);
      expect((await notificationsOf(db(), 'u_req', 1, false)).map((n) => n.message)).toEqual(['已受理']);
      const theirs = (await notificationsOf(db(), 'u_tax', 10, false))[0]!.id;
      expect(await markNotificationsRead(db(), 'u_req', [mine[1]!.id, mine[1]!.id, theirs, 99_999_999_999], dec(5))).toBe(1);
      expect(await markNotificationsRead(db(), 'u_req', [], dec(5))).toBe(0);
      expect([await notificationCount(db(), 'u_req', true), await notificationCount(db(), 'u_req', false), await notificationCount(db(), 'u_tax', true)]).toEqual([1, 2, 1]);
      expect((await notificationsOf(db(), 'u_req', 10, true)).map((n) => n.message)).toEqual(['已受理']);
      expect((await notificationsOf(db(), 'u_req', 10, false))[1]!.read_at).toBe(dec(5));
      expect(await markNotificationsRead(db(), 'u_req', undefined, dec(6))).toBe(1);
      expect(await notificationCount(db(), 'u_req', true)).toBe(0);
    });
  });

  describe('assessment figures', () => {
    beforeAll(async () => {
      const submit = async (id: string, ts: string, extra: Partial<NewDemand> = {}) => {
        await insertDemand(db(), demand(id, { createdAt: ts, dueAt: jan(21, '15:59:59'), firstResponseDueAt: jan(14, '15:59:59'), ...extra }));
        await recordEvent(db(), { demandId: id, ts, actorUserId: null, action: 'submit', from: null, to: 'submitted' });
      };
      const event = (demandId: string, action: string, ts: string) => recordEvent(db(), { demandId, ts, actorUserId: 'u_tax', action, from: 'submitted', to: 'accepted' });
      await submit('ix_1', jan(7));
      await event('ix_1', 'accept', jan(7, '03:15:00')); // 1.25 h: SQLite's julianday makes it 1.2499999925…, so 1.2
      await event('ix_1', 'deliver', jan(10));
      await submit('ix_2', jan(7));
      await event('ix_2', 'accept', jan(18)); // 264 h, late
      await event('ix_2', 'deliver', jan(23)); // late
      await submit('ix_3', jan(8), { dueAt: jan(22, '15:59:59'), firstResponseDueAt: jan(15, '15:59:59') });
      await event('ix_3', 'cancel', jan(16)); // never answered; cancelled before it was due
      await submit('ix_4', jan(8), { kind: 'correction', firstResponseDueAt: jan(15, '15:59:59') });
      await event('ix_4', 'accept', jan(8, '03:00:00')); // 1 h
      await event('ix_4', 'fix', jan(9));
      await submit('ix_5', jan(8), { kind: 'correction', firstResponseDueAt: jan(15, '15:59:59') }); // never answered
      await submit('ix_6', jan(7), { kind: 'new_data', providerDepartmentId: 'justice', dueAt: null });
      await event('ix_6', 'plan', jan(7, '07:00:00')); // 5 h
      await submit('ix_7', '2026-12-31T23:59:59Z'); // before the period
      // Forty ratings given in January to audit, 1.025 on average: SQLite's double is 1.02499…, so 1.02.
      for (let i = 0; i < 40; i++) {
        const id = `ix_r${i}`;
        await submit(id, '2026-12-02T02:00:00Z', { providerDepartmentId: 'audit' });
        await execute(db(), sql`UPDATE demands SET rating = ${i ? 1 : 2} WHERE id = ${id}`);
        await event(id, 'confirm', jan(20));
      }
    });

    const values = async (text: string) => Object.fromEntries((await departmentValues(db(), text, january)).map((r) => [r.department_id, r.value]));

    it('counts what each department received in the period and the share answered in time', async () => {
      expect(await values(receivedSql)).toEqual({ taxation: 5, justice: 1 });
      expect(await values(answeredInTimeSql)).toEqual({ taxation: 40, justice: 100 });
    });

    it('takes the median hours to a first answer as SQLite computes it, to the same rounding', async () => {
      expect(await values(medianHoursSql)).toEqual({ taxation: 1.2, justice: 5 });
    });

    it('derives delivery on time, corrections fixed and the mean rating', async () => {
      expect(await values(onTimeSql)).toEqual({ taxation: 50 });
      expect(await values(correctionsSql)).toEqual({ taxation: 50 });
      expect(await values(ratingSql)).toEqual({ audit: 1.02 });
    });
  });
});

describe('roundLikeSqlite', () => {
  it('rounds as SQLite\'s ROUND does, over shares, hours and means', () => {
    const sqlite = new Database(':memory:');
    const round = sqlite.prepare('SELECT ROUND(?, ?) AS r');
    const xs: number[] = [0, 0.05, 0.15, 0.25, 0.35, 1.005, 2.675, 1.025, 1e-9, 123456.785, 2.2499999999999996];
    for (let n = 1; n <= 120; n++) for (let k = 0; k <= n; k++) xs.push((100.0 * k) / n, (k + 2 * n) / n, k / n);
    for (let s = 0; s < 4000; s += 7) xs.push(((s / 86400 + 2461381.5) - 2461381.5) * 24);
    for (const x of xs) for (const digits of [1, 2]) expect(roundLikeSqlite(x, digits), `${x} to ${digits}`).toBe((round.get(x, digits) as { r: number }).r);
    sqlite.close();
  });
});
