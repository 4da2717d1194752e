// The demo demand-board history: deterministic, flagged, written as the real steps write it, giving every department
// varied values for the six demand indicators, its deliveries counted as shares, and left out by `seed --no-demo`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { signedIn, testClock, type TestApp } from './usage.helpers.js';
import { seedDemoDemand } from '../src/demand/demo-demand.js';
import { machines, type DemandAction, type DemandKind } from '../src/demand/demand.machine.js';
import { runSeed } from '../scripts/cli/seed.js';
import { openDb } from '../src/db/client.js';
import { queryRows, queryValue } from './support/db-query.js';

const now = new Date('2026-11-26T12:00:00Z');
const demoTables = ['demands', 'demand_items', 'demand_events', 'demand_comments', 'demand_votes', 'deliveries'];
const sixIndicators = ['demands_received', 'demands_answered_in_time', 'demand_response_hours', 'orders_delivered_on_time', 'order_rating', 'corrections_resolved'];

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  [a, b] = [await createTestApp(), await createTestApp()];
  testClock(a, now.toISOString());
  await seedDemoDemand(a.db, now);
  await seedDemoDemand(b.db, now);
});
afterAll(async () => void (await Promise.all([a?.close(), b?.close()])));

const history = async (t: TestApp) => ({
  demands: await queryRows(t.db, 'SELECT id, kind, status, title, requester_user_id, provider_department_id, created_at, updated_at, rating, linked_dataset_pk, linked_version, planned_for FROM demands ORDER BY id'),
  events: await queryRows(t.db, 'SELECT demand_id, ts, action, from_status, to_status, actor_user_id, note FROM demand_events ORDER BY demand_id, ts, id'),
  votes: await queryValue(t.db, 'SELECT COUNT(*) FROM demand_votes'),
  comments: await queryRows(t.db, 'SELECT demand_id, body, created_at FROM demand_comments ORDER BY demand_id, created_at, id'),
  deliveries: await queryRows(t.db, 'SELECT id, demand_id, dataset_pk, version, delivered_at FROM deliveries ORDER BY id'),
});

describe('demo demand-board history', () => {
  it('is deterministic, within the year before today, and written once', async () => {
    const [x, y] = [await history(a), await history(b)];
    expect(x.demands.length).toBeGreaterThan(50);
    expect(x).toEqual(y);
    const span = (await queryRows<{ first: string; last: string }>(a.db, 'SELECT MIN(ts) AS first, MAX(ts) AS last FROM demand_events'))[0]!;
    expect(span.first >= '2025-11-26').toBe(true);
    expect(span.last < '2026-11-26').toBe(true);
    expect((await seedDemoDemand(a.db, now)).demands).toBe(0);
  });

  it('flags every row it writes is_demo, and only those', async () => {
    for (const table of demoTables) {
      expect(await queryValue<number>(a.db, `SELECT COUNT(*) FROM ${table} WHERE is_demo = 1`), table).toBeGreaterThan(0);
      expect(await queryValue<number>(a.db, `SELECT COUNT(*) FROM ${table} WHERE is_demo <> 1`), table).toBe(0);
    }
    // Its people cannot sign in: the password check refuses their hash.
    const res = await a.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo-user-1@demo.invalid', password: 'anything at all' }) });
    expect(res.status).not.toBe(200);
  });

  it('moves every demand only by the steps of its state machine, by the side that takes them', async () => {
    const demands = new Map((await queryRows<{ id: string; kind: DemandKind; status: string; requester_user_id: string; provider_department_id: string }>(a.db, 'SELECT id, kind, status, requester_user_id, provider_department_id FROM demands')).map((d) => [d.id, d]));
    const events = await queryRows<{ demand_id: string; action: string; from_status: string | null; to_status: string; actor_user_id: string }>(a.db, 'SELECT demand_id, action, from_status, to_status, actor_user_id FROM demand_events ORDER BY demand_id, ts, id');
    const last = new Map<string, string>();
    for (const e of events) {
      const d = demands.get(e.demand_id)!;
      if (e.action === 'submit') {
        expect(last.has(e.demand_id)).toBe(false);
        expect(e.actor_user_id).toBe(d.requester_user_id);
      } else {
        const step = machines[d.kind][e.action as DemandAction]!;
        expect(step, `${d.kind} ${e.action}`).toBeDefined();
        expect(step.from).toContain(e.from_status);
        expect(e.to_status).toBe(step.to);
        expect(e.actor_user_id).toBe(step.side === 'requester' ? d.requester_user_id : `demo-user-${d.provider_department_id}-1`);
      }
      expect(e.from_status).toBe(last.get(e.demand_id) ?? null);
      last.set(e.demand_id, e.to_status);
    }
    for (const d of demands.values()) expect(d.status).toBe(last.get(d.id));
  });

  it('has late answers and deliveries, rejections with reasons, ratings, plans, fulfilments, votes, comments and fixes', async () => {
    const count = async (text: string) => (await queryValue<number>(a.db, text))!;
    expect(await count("SELECT COUNT(*) FROM demands d WHERE kind = 'order' AND (SELECT MIN(ts) FROM demand_events e WHERE e.demand_id = d.id AND e.action = 'deliver') > d.due_at")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demands d WHERE kind = 'order' AND (SELECT MIN(ts) FROM demand_events e WHERE e.demand_id = d.id AND e.action = 'deliver') <= d.due_at")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demands d WHERE (SELECT MIN(ts) FROM demand_events e WHERE e.demand_id = d.id AND e.action IN ('accept', 'request-info', 'reject', 'plan', 'fulfil')) > d.first_response_due_at")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demand_events WHERE action = 'reject'")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demand_events WHERE action = 'reject' AND (note IS NULL OR note = '')")).toBe(0);
    expect(await count("SELECT COUNT(*) FROM demands WHERE kind = 'order' AND status = 'rejected'")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demands WHERE status = 'confirmed'")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demands WHERE status = 'confirmed' AND (rating IS NULL OR rating < 1 OR rating > 5)")).toBe(0);
    expect(await count("SELECT COUNT(DISTINCT rating) FROM demands WHERE status = 'confirmed'")).toBeGreaterThan(2);
    expect(await count("SELECT COUNT(*) FROM demands WHERE kind = 'new_data' AND status = 'planned' AND planned_for IS NOT NULL")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demands WHERE kind = 'new_data' AND status = 'fulfilled' AND linked_dataset_pk IS NOT NULL")).toBeGreaterThan(0);
    expect(await count('SELECT COUNT(*) FROM demand_votes')).toBeGreaterThan(0);
    expect(await count('SELECT COUNT(*) FROM demand_comments')).toBeGreaterThan(0);
    // Fixed by a version published after the report, as the fix step demands.
    expect(await count("SELECT COUNT(*) FROM demands d JOIN versions v ON v.dataset_pk = d.dataset_pk AND v.n = d.linked_version WHERE d.kind = 'correction' AND d.status = 'fixed' AND v.published_at > d.created_at")).toBeGreaterThan(0);
    expect(await count("SELECT COUNT(*) FROM demands d JOIN versions v ON v.dataset_pk = d.dataset_pk AND v.n = d.linked_version WHERE d.kind = 'correction' AND d.status = 'fixed' AND v.published_at <= d.created_at")).toBe(0);
  });

  it('gives every department with data a value for each of the six demand indicators, varying between departments', async () => {
    const reviewer = (await signedIn(a, 'reviewer@kaifang.gov.cn', 'reviewer')).cookie;
    const res = await a.app.request('/api/v1/assessment?period=2026', { headers: { cookie: reviewer } });
    expect(res.status).toBe(200);
    const card = (await res.json()) as { data: { department: { id: string }; indicators: Record<string, { value: number | null }> }[] };
    // The departments with data open for most of the period (one that opened its first dataset weeks ago has little history).
    const providers = new Set((await queryRows<{ department_id: string }>(a.db, "SELECT d.department_id FROM datasets d JOIN versions v ON v.dataset_pk = d.pk GROUP BY d.department_id HAVING MIN(v.published_at) < '2026-09-01'")).map((x) => x.department_id));
    const rows = card.data.filter((r) => providers.has(r.department.id));
    expect(rows.length).toBeGreaterThan(2);
    for (const id of sixIndicators) {
      const values = rows.map((r) => r.indicators[id]!.value);
      expect(values.every((v) => v !== null), `${id}: ${JSON.stringify(values)}`).toBe(true);
      expect(new Set(values).size, `${id}: ${JSON.stringify(values)}`).toBeGreaterThan(1);
    }
  });

  it('counts each delivery as a use of the provider\'s data, and a share of another department', async () => {
    const delivered = (await queryValue<number>(a.db, "SELECT COUNT(DISTINCT demand_id) FROM demand_events WHERE action = 'deliver'"))!;
    expect(delivered).toBeGreaterThan(0);
    expect(await queryValue(a.db, "SELECT COUNT(*) FROM usage_events WHERE kind = 'delivery' AND is_demo = 1 AND status = 200")).toBe(delivered);
    expect(await queryValue(a.db, "SELECT COUNT(*) FROM usage_events WHERE kind = 'delivery' AND consumer_department_id IS NOT NULL AND consumer_department_id <> owner_department_id")).toBe(delivered);
    expect(await queryValue(a.db, "SELECT SUM(count) FROM usage_daily WHERE kind = 'delivery' AND is_demo = 1")).toBe(delivered);
    const reviewer = (await signedIn(a, 'reviewer2@kaifang.gov.cn', 'reviewer')).cookie;
    const card = (await (await a.app.request('/api/v1/assessment?period=2026', { headers: { cookie: reviewer } })).json()) as { data: { indicators: Record<string, { value: number | null }> }[] };
    expect(card.data.reduce((s, r) => s + (r.indicators.shares?.value ?? 0), 0)).toBeGreaterThan(0);
  });

  it('marks demo requests on the public board', async () => {
    const res = await a.app.request('/demand');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-demo="true"');
    expect(html).toContain('演示');
    const api = (await (await a.app.request('/api/v1/demands')).json()) as { data: { demo: boolean }[] };
    expect(api.data.length).toBeGreaterThan(0);
    expect(api.data.every((d) => d.demo)).toBe(true);
  });
});

describe('seed --no-demo', () => {
  it('leaves the demand board empty', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-nodemo-demand-'));
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
      await runSeed(['--no-demo']);
      const db = openDb(path.join(dir, 'kaifang.db'));
      expect(db.$client.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBeGreaterThan(100);
      for (const table of demoTables) expect(db.$client.prepare(`SELECT COUNT(*) FROM ${table} WHERE is_demo = 1`).pluck().get(), table).toBe(0);
      expect(db.$client.prepare('SELECT COUNT(*) FROM demands').pluck().get()).toBe(0);
      expect(db.$client.prepare("SELECT COUNT(*) FROM users WHERE id LIKE 'demo-user-%'").pluck().get()).toBe(0);
      db.$client.close();
    } finally {
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
