// The assessment's demand figures, derived from demand_events: a scenario with known answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, order, person, send, step, type Person, type TestApp } from './demand.helpers.js';
import { demandIndicators } from '../src/demand/demand.indicators.js';
import { toRange, type Period } from '../src/usage/usage.period.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { queryRow, queryRun } from './support/db-query.js';

const halls = 'tax-service-halls';
const notaries = 'notary-offices';

let t: TestApp;
let now = 0;
const at = (iso: string) => (now = Date.parse(iso));
let a: Person;
let tax: Person;
let justice: Person;

const december: Period = { ...toRange('2026-12-01', '2026-12-31'), label: '2026-12', kind: 'month', asOf: '2026-12-31T00:00:00.000Z' };
const values = async (id: string) => demandIndicators.find((i) => i.id === id)!.compute(t.deps, december);

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, notaries] });
  t.deps.now = () => new Date(now);
  at('2026-12-07T02:00:00Z'); // Monday: answers due 14 Dec, deliveries 21 Dec (end of day, Beijing)
  a = await person(t, 'publisher', 'transport');
  tax = await person(t, 'publisher', 'taxation');
  justice = await person(t, 'publisher', 'justice');
  const citizen = await person(t, 'user', null);

  const [o1] = await order(t, a, [{ dataset: halls }]);
  const [o2] = await order(t, a, [{ dataset: halls }]);
  const [o3] = await order(t, a, [{ dataset: halls }]);
  const c1 = await ok(send(t, citizen, 'POST', '/api/v1/demands', { kind: 'correction', dataset: halls, description: '地址有误' }), 201);
  const c2 = await ok(send(t, citizen, 'POST', '/api/v1/demands', { kind: 'correction', dataset: halls, description: '电话有误' }), 201);
  const wish = await ok(send(t, citizen, 'POST', '/api/v1/demands', { kind: 'new_data', title: '公证员名录', department: 'justice' }), 201);

  at('2026-12-07T07:00:00Z');
  await ok(step(t, justice, wish.id, 'plan', { planned_for: '2027-03-01' })); // 5 h
  at('2026-12-08T02:00:00Z');
  await ok(step(t, tax, o1!.id, 'accept')); // 24 h, in time
  await ok(step(t, tax, c1.id, 'accept')); // 24 h
  at('2026-12-09T02:00:00Z');
  await ok(step(t, tax, c2.id, 'reject', { reason: '核实无误' })); // 48 h
  const { n } = (await queryRow(t.db, 'SELECT latest_version AS n FROM datasets WHERE id = ?', halls)) as { n: number };
  const file = path.join(t.dataDir, 'v.csv');
  fs.writeFileSync(file, await (await t.app.request(`/api/v1/datasets/${halls}/versions/${n}/data.csv`)).text());
  await publishVersion(t.deps, { datasetId: halls, filePath: file, changeNote: '更正地址', publishedBy: tax.id });
  at('2026-12-10T02:00:00Z');
  await ok(step(t, tax, o1!.id, 'deliver')); // on time
  await ok(step(t, tax, c1.id, 'fix'));
  at('2026-12-11T02:00:00Z');
  await ok(step(t, a, o1!.id, 'confirm', { rating: 4 }));
  at('2026-12-16T02:00:00Z');
  await ok(step(t, a, o3!.id, 'cancel')); // never answered; cancelled before its due date
  at('2026-12-18T02:00:00Z');
  await ok(step(t, tax, o2!.id, 'accept')); // 264 h: late
  at('2026-12-23T02:00:00Z');
  await ok(step(t, tax, o2!.id, 'deliver')); // after 21 Dec: late
  at('2026-12-24T02:00:00Z');
  await ok(step(t, a, o2!.id, 'confirm', { rating: 2 }));
  at('2026-12-31T00:00:00Z');
});
afterAll(() => t.close());

describe('demand indicators', () => {
  it('counts the demands each department received', async () => {
    const v = await values('demands_received');
    expect(v.get('taxation')).toBe(5);
    expect(v.get('justice')).toBe(1);
    expect(v.get('transport')).toBeUndefined(); // the scorecard reads a missing count as 0
  });

  it('derives response times from the first answer in demand_events', async () => {
    expect((await values('demands_answered_in_time')).get('taxation')).toBe(60); // o1, c1, c2 in time; o2 late; o3 never answered
    expect((await values('demands_answered_in_time')).get('justice')).toBe(100);
    expect((await values('demand_response_hours')).get('taxation')).toBe(36); // median of 24, 24, 48, 264
    expect((await values('demand_response_hours')).get('justice')).toBe(5);
    expect((await values('demand_response_hours')).get('transport')).toBeNull(); // does not apply
  });

  it('derives punctuality of deliveries, ratings and corrections', async () => {
    expect((await values('orders_delivered_on_time')).get('taxation')).toBe(50); // o1 on time, o2 late, o3 cancelled before due
    expect((await values('order_rating')).get('taxation')).toBe(3);
    expect((await values('corrections_resolved')).get('taxation')).toBe(50);
    expect((await values('orders_delivered_on_time')).get('justice')).toBeNull();
  });

  it('changes when the events change: a late answer lowers the share', async () => {
    const before = (await values('demands_answered_in_time')).get('justice');
    (await queryRun(t.db, "UPDATE demand_events SET ts = '2026-12-20T00:00:00Z' WHERE action = 'plan'"));
    expect((await values('demands_answered_in_time')).get('justice')).toBe(0);
    expect(before).toBe(100);
    (await queryRun(t.db, "UPDATE demand_events SET ts = '2026-12-07T07:00:00Z' WHERE action = 'plan'"));
  });

  it('is part of the assessment scorecard', async () => {
    for (const i of demandIndicators) expect(t.deps.indicators.map((r) => r.id)).toContain(i.id);
    const reviewer = await person(t, 'reviewer', null);
    const card = await ok(get(t, reviewer, '/api/v1/assessment?period=2026-12'));
    const row = card.data.find((r: { department: { id: string } }) => r.department.id === 'taxation');
    expect(row.indicators.demands_received.value).toBe(5);
    expect(row.indicators.order_rating.value).toBe(3);
  });
});
