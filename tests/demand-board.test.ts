// The public board: new-data requests and corrections, votes, comments, notifications.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, person, send, step, type Person, type TestApp } from './demand.helpers.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { queryRow, queryRows, queryValue } from './support/db-query.js';

const halls = 'tax-service-halls'; // taxation
const notaries = 'notary-offices'; // justice

let t: TestApp;
let now = Date.parse('2026-12-07T02:00:00Z'); // Monday, after every seeded version
let citizen: Person;
let other: Person;
let tax: Person; // taxation publisher
let justice: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, notaries] });
  t.deps.now = () => new Date(now);
  citizen = await person(t, 'user', null, '市民王五');
  other = await person(t, 'user', null);
  tax = await person(t, 'publisher', 'taxation');
  justice = await person(t, 'publisher', 'justice');
  admin = await person(t, 'admin', null);
});
afterAll(() => t.close());

const problem = (res: Response | Promise<Response>, status: number) => ok<{ code: string; current_status?: string; detail: string }>(res, status);
const transitions = async (id: string) => ((await queryRows(t.db, 'SELECT action, from_status, to_status FROM demand_events WHERE demand_id = ? ORDER BY id', id)) as { action: string; from_status: string | null; to_status: string }[]).map((e) => `${e.action}:${e.from_status}>${e.to_status}`);
const newData = (who: Person, extra: Record<string, unknown> = {}) => ok(send(t, who, 'POST', '/api/v1/demands', { kind: 'new_data', title: '公共充电桩实时状态', description: '希望开放充电桩的实时空闲状态', wanted_fields: '站点、空闲枪数、更新时间', purpose: '出行小程序', ...extra }), 201);

describe('new-data requests', () => {
  it('goes submitted -> planned -> fulfilled, answered by the addressed department', async () => {
    const d = await newData(citizen, { department: 'taxation' });
    expect(d).toMatchObject({ kind: 'new_data', status: 'submitted', provider_department: { id: 'taxation' }, wanted_fields: '站点、空闲枪数、更新时间', allowed_actions: [] });
    expect(d.requester.name).toBe('市**'); // people outside departments are masked on the public board
    expect((await ok(get(t, tax, `/api/v1/demands/${d.id}`))).allowed_actions).toEqual(['plan', 'fulfil', 'reject']);
    await problem(step(t, justice, d.id, 'plan', { planned_for: '2027-06-30' }), 403);
    await problem(step(t, citizen, d.id, 'plan', { planned_for: '2027-06-30' }), 403);
    expect((await problem(step(t, tax, d.id, 'plan'), 400)).code).toBe('invalid_body');
    expect((await problem(step(t, tax, d.id, 'plan', { planned_for: '2026-01-01' }), 400)).code).toBe('invalid_body');
    expect((await ok(step(t, tax, d.id, 'plan', { planned_for: '2027-06-30', note: '已列入年度开放计划' }))).planned_for).toBe('2027-06-30');
    expect((await problem(step(t, tax, d.id, 'plan', { planned_for: '2027-07-30' }), 409)).current_status).toBe('planned');
    expect((await problem(step(t, tax, d.id, 'fulfil', { dataset: 'nope' }), 422)).code).toBe('invalid_reference');
    const done = await ok(step(t, tax, d.id, 'fulfil', { dataset: halls }));
    expect(done).toMatchObject({ status: 'fulfilled', linked_dataset: { id: halls } });
    expect((await problem(step(t, tax, d.id, 'reject', { reason: 'x' }), 409)).current_status).toBe('fulfilled');
    expect(await transitions(d.id)).toEqual(['submit:null>submitted', 'plan:submitted>planned', 'fulfil:planned>fulfilled']);
    const inbox = await ok(get(t, citizen, '/api/v1/me/notifications'));
    expect(inbox.unread).toBe(2);
    expect(inbox.data.map((n: { message: string }) => n.message).join()).toContain('2027-06-30');
  });

  it('is answered by an admin who assigns a department when none was addressed', async () => {
    const d = await newData(citizen);
    await problem(step(t, tax, d.id, 'plan', { planned_for: '2027-06-30' }), 403);
    expect((await problem(step(t, admin, d.id, 'reject', { reason: '不属于公共数据' }), 400)).code).toBe('invalid_body'); // a department is needed
    const planned = await ok(step(t, admin, d.id, 'plan', { planned_for: '2027-09-01', department: 'justice' }));
    expect(planned.provider_department.id).toBe('justice');
    expect((await ok(step(t, justice, d.id, 'fulfil', { dataset: notaries }))).status).toBe('fulfilled');
  });

  it('is rejected only with a reason, and has no order or correction steps', async () => {
    const d = await newData(other, { department: 'justice' });
    expect((await problem(step(t, justice, d.id, 'accept'), 409)).code).toBe('invalid_transition');
    expect((await problem(step(t, justice, d.id, 'deliver'), 409)).current_status).toBe('submitted');
    expect((await problem(step(t, other, d.id, 'cancel'), 409)).code).toBe('invalid_transition');
    expect((await problem(step(t, justice, d.id, 'reject'), 400)).code).toBe('invalid_body');
    expect((await ok(step(t, justice, d.id, 'reject', { reason: '涉及国家秘密' }))).status).toBe('rejected');
    expect((await problem(step(t, justice, d.id, 'plan', { planned_for: '2027-06-30' }), 409)).current_status).toBe('rejected');
    expect((await problem(send(t, citizen, 'POST', '/api/v1/demands', { kind: 'new_data', title: 'x', department: 'nope' }), 422)).code).toBe('invalid_reference');
    await problem(send(t, null, 'POST', '/api/v1/demands', { kind: 'new_data', title: 'x' }), 401);
  });
});

describe('corrections', () => {
  const report = (extra: Record<string, unknown> = {}) => send(t, citizen, 'POST', '/api/v1/demands', { kind: 'correction', dataset: halls, description: '电话号码有误', ...extra });
  const firstHall = async () => (await queryRow(t.db, 'SELECT pk, latest_version AS n FROM datasets WHERE id = ?', halls)) as { pk: number; n: number };

  it('names a real row and field, or is refused', async () => {
    expect((await problem(report({ field: 'colour' }), 400)).code).toBe('unknown_field');
    expect((await problem(report({ row: 'NO-SUCH-ROW' }), 422)).code).toBe('unknown_row');
    expect((await problem(report({ dataset: 'nope' }), 422)).code).toBe('invalid_reference');
  });

  it('goes submitted -> accepted -> fixed, linked to a version published after the report', async () => {
    const { pk, n } = await firstHall();
    const row = (await queryValue(t.db, `SELECT hall_id FROM ds_${pk}_v${n} LIMIT 1`)) as string;
    const d = await ok(report({ row, field: 'phone' }), 201);
    expect(d).toMatchObject({ kind: 'correction', row, field: 'phone', dataset: { id: halls }, provider_department: { id: 'taxation' }, due_at: '2026-12-21T15:59:59Z' });
    await problem(step(t, tax, d.id, 'fix'), 409);
    await ok(step(t, tax, d.id, 'accept'));
    expect((await problem(step(t, tax, d.id, 'fix'), 422)).code).toBe('version_not_newer');

    now = Date.parse('2026-12-10T02:00:00Z');
    const csv = await (await t.app.request(`/api/v1/datasets/${halls}/versions/${n}/data.csv`)).text();
    const file = path.join(t.dataDir, 'fixed.csv');
    const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
    parsed.data[0]!.phone = '0555-2345678';
    fs.writeFileSync(file, Papa.unparse(parsed.data, { newline: '\r\n' }));
    await publishVersion(t.deps, { datasetId: halls, filePath: file, changeNote: '更正电话号码', publishedBy: tax.id });
    const fixed = await ok(step(t, tax, d.id, 'fix', { note: '已更正' }));
    expect(fixed).toMatchObject({ status: 'fixed', linked_version: n + 1, linked_dataset: { id: halls } });
    expect(await transitions(d.id)).toEqual(['submit:null>submitted', 'accept:submitted>accepted', 'fix:accepted>fixed']);
    await problem(step(t, tax, d.id, 'reject', { reason: 'x' }), 409);
  });

  it('can be rejected from submitted or accepted, with a reason', async () => {
    const one = await ok(report(), 201);
    expect((await ok(step(t, tax, one.id, 'reject', { reason: '数据无误' }))).status).toBe('rejected');
    const two = await ok(report(), 201);
    await ok(step(t, tax, two.id, 'accept'));
    await problem(step(t, justice, two.id, 'reject', { reason: 'x' }), 403);
    expect((await ok(step(t, tax, two.id, 'reject', { reason: '核实后无误' }))).status).toBe('rejected');
    expect(await transitions(two.id)).toEqual(['submit:null>submitted', 'accept:submitted>accepted', 'reject:accepted>rejected']);
  });
});

describe('votes, comments and the public list', () => {
  it('counts one vote per person, and none on orders', async () => {
    const d = await newData(citizen, { department: 'justice' });
    expect(await ok(send(t, other, 'POST', `/api/v1/demands/${d.id}/votes`), 201)).toEqual({ votes: 1, voted: true });
    expect(await ok(send(t, other, 'POST', `/api/v1/demands/${d.id}/votes`), 200)).toEqual({ votes: 1, voted: true });
    await ok(send(t, citizen, 'POST', `/api/v1/demands/${d.id}/votes`), 201);
    expect((await ok(get(t, other, `/api/v1/demands/${d.id}`))).votes).toBe(2);
    expect(await ok(send(t, other, 'DELETE', `/api/v1/demands/${d.id}/votes`))).toEqual({ votes: 1, voted: false });
    await problem(send(t, null, 'POST', `/api/v1/demands/${d.id}/votes`), 401);
    const dept = await person(t, 'publisher', 'transport');
    await ok(send(t, dept, 'POST', '/api/v1/cart/items', { dataset: notaries }), 201);
    const [o] = (await ok(send(t, dept, 'POST', '/api/v1/cart/checkout', { purpose: 'x' }), 201)).data;
    expect((await problem(send(t, dept, 'POST', `/api/v1/demands/${o.id}/votes`), 422)).code).toBe('not_votable');
  });

  it('takes comments up to 5,000 characters and shows them escaped', async () => {
    const d = await newData(citizen, { department: 'taxation' });
    expect((await problem(send(t, other, 'POST', `/api/v1/demands/${d.id}/comments`, { body: 'x'.repeat(5001) }), 400)).code).toBe('invalid_body');
    await ok(send(t, other, 'POST', `/api/v1/demands/${d.id}/comments`, { body: '好'.repeat(5000) }), 201);
    const evil = '<script>alert("x")</script><b>粗体</b>';
    const c = await ok(send(t, other, 'POST', `/api/v1/demands/${d.id}/comments`, { body: evil }), 201);
    expect(c.body).toBe(evil);
    const html = await (await t.app.request(`/demand/${d.id}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;粗体&lt;/b&gt;');
    expect((await ok(get(t, citizen, '/api/v1/me/notifications?unread=true'))).data[0].message).toContain('评论');
  });

  it('lists requests and corrections publicly, filtered by kind, status and department', async () => {
    const all = await ok(get(t, null, '/api/v1/demands?limit=100'));
    expect(all.total).toBeGreaterThan(5);
    expect(new Set(all.data.map((d: { kind: string }) => d.kind))).toEqual(new Set(['new_data', 'correction']));
    const corrections = await ok(get(t, null, '/api/v1/demands?kind=correction&status=rejected'));
    expect(corrections.total).toBe(2);
    const justiceOnes = await ok(get(t, null, '/api/v1/demands?department=justice'));
    expect(justiceOnes.data.every((d: { provider_department: { id: string } | null }) => d.provider_department?.id === 'justice')).toBe(true);
    expect((await problem(get(t, null, '/api/v1/demands?status=lost'), 400)).code).toBe('invalid_parameter');
    await problem(get(t, null, '/api/v1/demands/dm_nope'), 404);
  });

  it('marks notifications read', async () => {
    const before = await ok(get(t, citizen, '/api/v1/me/notifications'));
    expect(before.unread).toBeGreaterThan(0);
    const first = before.data.find((n: { read_at: string | null }) => !n.read_at);
    expect((await ok(send(t, citizen, 'POST', '/api/v1/me/notifications/read', { ids: [first.id] }))).marked).toBe(1);
    expect((await ok(send(t, citizen, 'POST', '/api/v1/me/notifications/read'))).unread).toBe(0);
    expect((await ok(send(t, other, 'POST', '/api/v1/me/notifications/read', { ids: [first.id] }))).marked).toBe(0); // not theirs
    await problem(get(t, null, '/api/v1/me/notifications'), 401);
  });
});
