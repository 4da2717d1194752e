// Recurring monthly files: the order is delivered once by the provider, then again every month for a year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, order, person, step, type TestApp } from './demand.helpers.js';
import { createDemandCtx } from '../src/demand/demand.context.js';
import { runRecurringDeliveries } from '../src/demand/demand.recurring.js';
import { createSession } from '../src/auth/auth.session.js';
import { queryValue } from './support/db-query.js';

const notaries = 'notary-offices'; // justice

let t: TestApp;
let now = Date.parse('2026-12-07T02:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ datasets: [notaries] });
  t.deps.now = () => new Date(now);
});
afterAll(() => t.close());

const deliveries = async (id: string) => (await queryValue(t.db, 'SELECT COUNT(*) FROM deliveries WHERE demand_id = ?', id)) as number;
const shares = async () => (await t.deps.usage.flush(), (await queryValue(t.db, "SELECT COUNT(*) FROM usage_events WHERE kind = 'delivery' AND owner_department_id = 'justice'")) as number);

describe('recurring deliveries', () => {
  it('sends a fresh snapshot a month after the last one, keeps the status, and stops after a year', async () => {
    const a = await person(t, 'publisher', 'transport');
    const b = await person(t, 'publisher', 'justice');
    const [o] = await order(t, a, [{ dataset: notaries, fields: ['office_id', 'name'], delivery_mode: 'recurring' }]);
    await ok(step(t, b, o!.id, 'accept'));
    await ok(step(t, b, o!.id, 'deliver'));
    expect(await deliveries(o!.id)).toBe(2);
    expect(await shares()).toBe(1);
    const ctx = createDemandCtx(t.deps);

    now = Date.parse('2027-01-06T02:00:00Z');
    expect(await runRecurringDeliveries(ctx)).toBe(0);
    now = Date.parse('2027-01-07T03:00:00Z');
    expect(await runRecurringDeliveries(ctx)).toBe(1);
    expect(await runRecurringDeliveries(ctx)).toBe(0); // once a month
    expect(await deliveries(o!.id)).toBe(4);
    expect(await shares()).toBe(2);
    a.cookie = `kf_session=${(await createSession(t.db, a.id, t.deps.now())).token}`; // a month on: a fresh session
    const d = await ok(get(t, a, `/api/v1/demands/${o!.id}`));
    expect(d.status).toBe('delivered');
    expect(d.timeline.at(-1)).toMatchObject({ action: 'redeliver', from_status: 'delivered', to_status: 'delivered', actor: null });
    expect(d.deliveries.filter((v: { download_url: string | null }) => v.download_url)).toHaveLength(4);

    await ok(step(t, a, o!.id, 'confirm', { rating: 5 }));
    now = Date.parse('2027-02-08T00:00:00Z');
    expect(await runRecurringDeliveries(ctx)).toBe(1); // confirmed orders keep receiving
    now = Date.parse('2027-12-08T00:00:00Z');
    expect(await runRecurringDeliveries(ctx)).toBe(0); // a year after the first delivery
  });
});
