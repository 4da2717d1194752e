// Orders between departments, shop style: cart, checkout per provider, the order state machine, deliveries.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, order, person, send, step, type Person, type TestApp } from './demand.helpers.js';
import { rowsTableName, quoteIdent } from '../src/versions/rows/rows-table.js';
import { withdrawVersion } from '../src/versions/publish/withdraw.js';
import { queryRow, queryRows, queryRun, queryValue, withoutForeignKeys } from './support/db-query.js';

const halls = 'tax-service-halls'; // taxation, open
const terminals = 'self-service-tax-terminals'; // taxation, open
const revenue = 'tax-revenue-monthly'; // taxation, conditional
const notaries = 'notary-offices'; // justice, open
const parks = 'industrial-parks'; // economy-it, open (withdrawn in a test)

let t: TestApp;
let now = Date.parse('2026-12-07T02:00:00Z'); // Monday 10:00 in Beijing, after every seeded version
let a: Person; // transport: the requesting department
let a2: Person; // another person of transport
let b: Person; // taxation publisher: the provider
let c: Person; // justice publisher: a third department

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, terminals, revenue, notaries, parks] });
  t.deps.now = () => new Date(now);
  a = await person(t, 'publisher', 'transport', '交通局张三');
  a2 = await person(t, 'user', 'transport');
  b = await person(t, 'publisher', 'taxation', '税务局李四');
  c = await person(t, 'publisher', 'justice');
});
afterAll(() => t.close());

type Problem = { status: number; code: string; detail: string; current_status?: string };
const problem = async (res: Response | Promise<Response>, status: number) => ok<Problem>(res, status);
const events = async (id: string) => (await queryRows(t.db, 'SELECT action, from_status, to_status FROM demand_events WHERE demand_id = ? ORDER BY id', id)) as { action: string; from_status: string | null; to_status: string }[];
const latestRows = async (dataset: string) => {
  const { pk, n } = (await queryRow(t.db, 'SELECT pk, latest_version AS n FROM datasets WHERE id = ?', dataset)) as { pk: number; n: number };
  return (await queryRows(t.db, `SELECT * FROM ${quoteIdent(rowsTableName(pk, n))} ORDER BY _rowid`)) as Record<string, unknown>[];
};

describe('cart and checkout', () => {
  it('groups the cart into one order per provider department, with deadlines in working days', async () => {
    await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: halls, fields: ['name', 'hall_id', 'district'], filter: 'self_service=true' }), 201);
    await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: terminals }), 201);
    await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: notaries }), 201);
    const again = await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: notaries, fields: ['office_id', 'name'] }), 200);
    expect(again.fields).toEqual(['office_id', 'name']);
    const cart = await ok(get(t, a, '/api/v1/cart'));
    expect(cart.total).toBe(3);
    expect(cart.data[0]).toMatchObject({ dataset: { id: halls }, fields: ['hall_id', 'district', 'name'], filter: 'self_service=true', delivery_mode: 'file', available: true });

    const res = await ok(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: '研究办税服务厅布局与公交线路的衔接', legal_basis: '市政府办公室〔2026〕3号文' }), 201);
    expect(res.total).toBe(2);
    const byProvider = Object.fromEntries(res.data.map((o: any) => [o.provider_department.id, o]));
    expect(byProvider.taxation).toMatchObject({ kind: 'order', status: 'submitted', item_count: 2, requester: { department: { id: 'transport' } }, legal_basis: '市政府办公室〔2026〕3号文' });
    expect(byProvider.justice.item_count).toBe(1);
    expect(byProvider.taxation.first_response_due_at).toBe('2026-12-14T15:59:59Z');
    expect(byProvider.taxation.due_at).toBe('2026-12-21T15:59:59Z');
    expect((await ok(get(t, a, '/api/v1/cart'))).total).toBe(0);
    expect(await events(byProvider.taxation.id)).toEqual([{ action: 'submit', from_status: null, to_status: 'submitted' }]);

    const inbox = await ok(get(t, b, '/api/v1/me/notifications'));
    expect(inbox.unread).toBe(1);
    expect(inbox.data[0]).toMatchObject({ demand_id: byProvider.taxation.id });
    expect(inbox.data[0].message).toContain('交通');
  });

  it('refuses an empty cart, own data, and open data for people outside departments', async () => {
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: 'x' }), 422)).code).toBe('cart_empty');
    expect((await problem(send(t, b, 'POST', '/api/v1/cart/items', { dataset: halls }), 422)).code).toBe('own_department');
    const dev = await person(t, 'user', null);
    expect((await problem(send(t, dev, 'POST', '/api/v1/cart/items', { dataset: halls }), 422)).code).toBe('open_data');
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/items', { dataset: 'no-such-thing' }), 422)).code).toBe('invalid_reference');
  });

  it('checks fields and the row filter with the records-API rules', async () => {
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/items', { dataset: halls, fields: ['nope'] }), 400)).code).toBe('unknown_field');
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/items', { dataset: halls, filter: 'nope=1' }), 400)).code).toBe('unknown_field');
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/items', { dataset: halls, filter: 'lng__contains=1' }), 400)).code).toBe('unsupported_operator');
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/items', { dataset: halls, filter: 'sort=name' }), 400)).code).toBe('invalid_filter');
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/items', { dataset: halls, filter: 'district=x', delivery_mode: 'api' }), 400)).code).toBe('invalid_filter');
    expect((await ok(get(t, a, '/api/v1/cart'))).total).toBe(0);
  });

  it('refuses at checkout (422) a cart holding a dataset withdrawn meanwhile, and keeps the cart', async () => {
    await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: parks }), 201);
    const n = (await queryValue(t.db, 'SELECT latest_version FROM datasets WHERE id = ?', parks)) as number;
    await withdrawVersion(t.deps, { id: 'admin', role: 'admin', departmentId: null }, parks, n, '数据有误');
    const p = await problem(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: '园区分析' }), 422);
    expect(p.code).toBe('dataset_unavailable');
    const cart = await ok(get(t, a, '/api/v1/cart'));
    expect(cart.data[0]).toMatchObject({ dataset: { id: parks }, available: false });
    await ok(send(t, a, 'DELETE', `/api/v1/cart/items/${cart.data[0].id}`), 204);
    await problem(send(t, a, 'DELETE', `/api/v1/cart/items/${cart.data[0].id}`), 404);

    // A dataset deleted outright leaves its cart row pointing at nothing.
    const ghostInsert = "INSERT INTO cart_items (user_id, dataset_pk, delivery_mode, created_at) VALUES (?, 99999, 'file', '2026-12-07T02:00:00Z')";
    await withoutForeignKeys(t.db, async () => void (await queryRun(t.db, ghostInsert, a.id)), async (tx) => void (await tx.unsafe(ghostInsert.replace('?', '$1'), [a.id])));
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: '园区分析' }), 422)).code).toBe('dataset_unavailable');
    const ghost = (await ok(get(t, a, '/api/v1/cart'))).data[0];
    expect(ghost).toMatchObject({ dataset: null, available: false });
    await ok(send(t, a, 'DELETE', `/api/v1/cart/items/${ghost.id}`), 204);
  });
});

describe('the order state machine', () => {
  let taxOrder: string;
  let justiceOrder: string;

  beforeAll(async () => {
    const list = await ok(get(t, a, '/api/v1/demands?kind=order&side=sent'));
    taxOrder = list.data.find((o: any) => o.provider_department.id === 'taxation').id;
    justiceOrder = list.data.find((o: any) => o.provider_department.id === 'justice').id;
  });

  it("keeps another department out of an order (403), and anonymous visitors (401)", async () => {
    await problem(get(t, c, `/api/v1/demands/${taxOrder}`), 403);
    await problem(get(t, null, `/api/v1/demands/${taxOrder}`), 401);
    expect((await problem(step(t, c, taxOrder, 'accept'), 403)).code).toBe('forbidden');
    expect((await problem(step(t, a, taxOrder, 'accept'), 403)).code).toBe('forbidden'); // the requester cannot accept its own order
    expect((await problem(step(t, b, taxOrder, 'cancel'), 403)).code).toBe('forbidden'); // only the requester cancels
    const seenByC = await ok(get(t, c, '/api/v1/demands?kind=order'));
    expect(seenByC.data.map((o: any) => o.id)).not.toContain(taxOrder);
    expect(seenByC.data.map((o: any) => o.id)).toContain(justiceOrder);
    expect((await ok(get(t, null, '/api/v1/demands'))).data.filter((o: any) => o.kind === 'order')).toEqual([]);
    const reviewer = await person(t, 'reviewer', null);
    await ok(get(t, reviewer, `/api/v1/demands/${taxOrder}`));
    await problem(step(t, reviewer, taxOrder, 'accept'), 403);
  });

  it('refuses steps that do not start from the current status (409 naming it)', async () => {
    const confirm = await problem(step(t, a, taxOrder, 'confirm', { rating: 5 }), 409);
    expect(confirm).toMatchObject({ code: 'invalid_transition', current_status: 'submitted' });
    expect(confirm.detail).toContain("'submitted'");
    expect((await problem(step(t, b, taxOrder, 'deliver'), 409)).current_status).toBe('submitted');
    expect((await problem(step(t, a, taxOrder, 'answer', { note: 'x' }), 409)).current_status).toBe('submitted');
    expect((await problem(step(t, b, taxOrder, 'plan', { planned_for: '2026-05-01' }), 409)).code).toBe('invalid_transition');
    expect((await problem(step(t, b, taxOrder, 'fix'), 409)).code).toBe('invalid_transition');
    expect((await problem(step(t, b, taxOrder, 'request-info'), 400)).code).toBe('invalid_body'); // the question is required
  });

  it('asks for information, gets the answer back to submitted, then accepts, delivers a snapshot and is confirmed', async () => {
    await ok(step(t, b, taxOrder, 'request-info', { note: '请说明使用范围' }));
    expect((await ok(get(t, a, '/api/v1/me/notifications'))).data[0].message).toContain('请说明使用范围');
    await problem(step(t, b, taxOrder, 'accept'), 409);
    await ok(step(t, a2, taxOrder, 'answer', { note: '仅用于内部规划' })); // a colleague of the requester answers for the department
    await ok(step(t, b, taxOrder, 'accept', { note: '同意' }));
    const delivered = await ok(step(t, b, taxOrder, 'deliver'));
    expect(delivered.status).toBe('delivered');
    expect(delivered.deliveries.map((v: any) => `${v.dataset.id}.${v.format}`).sort()).toEqual([`${halls}.csv`, `${halls}.xlsx`, `${terminals}.csv`, `${terminals}.xlsx`].sort());
    expect(delivered.deliveries.every((v: any) => v.download_url === null)).toBe(true); // the provider sees no download links

    await problem(step(t, b, taxOrder, 'deliver'), 409);
    await problem(step(t, a, taxOrder, 'cancel'), 409); // delivered: too late to cancel
    const confirmed = await ok(step(t, a, taxOrder, 'confirm', { rating: 4, comment: '数据完整，交付及时' }));
    expect(confirmed).toMatchObject({ status: 'confirmed', rating: 4, rating_comment: '数据完整，交付及时' });
    expect((await problem(step(t, a, taxOrder, 'confirm', { rating: 5 }), 409)).current_status).toBe('confirmed');
    expect((await events(taxOrder)).map((e) => `${e.action}:${e.from_status}>${e.to_status}`)).toEqual([
      'submit:null>submitted', 'request-info:submitted>needs_info', 'answer:needs_info>submitted', 'accept:submitted>accepted', 'deliver:accepted>delivered', 'confirm:delivered>confirmed',
    ]);
    const timeline = (await ok(get(t, a, `/api/v1/demands/${taxOrder}`))).timeline;
    expect(timeline.map((e: any) => e.actor)).toEqual(['交通局张三', '税务局李四', expect.any(String), '税务局李四', '税务局李四', '交通局张三']);
  });

  it("delivers the requested fields and filter, downloadable only by the requesting department", async () => {
    const d = await ok(get(t, a, `/api/v1/demands/${taxOrder}`));
    const csv = d.deliveries.find((v: any) => v.dataset.id === halls && v.format === 'csv');
    expect(csv.download_url).toBe(`/api/v1/deliveries/${csv.id}`);
    const res = await get(t, a, csv.download_url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const parsed = Papa.parse<Record<string, string>>((await res.text()).trim(), { header: true });
    const expected = (await latestRows(halls)).filter((r) => r.self_service === 1);
    expect(expected.length).toBeGreaterThan(0);
    expect(parsed.meta.fields).toEqual(['hall_id', 'district', 'name']);
    expect(parsed.data.map((r) => r.hall_id)).toEqual(expected.map((r) => r.hall_id));

    const xlsx = d.deliveries.find((v: any) => v.dataset.id === halls && v.format === 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await get(t, a2, xlsx.download_url)).arrayBuffer()) as never);
    expect(book.worksheets[0]!.rowCount).toBe(expected.length + 1);
    const whole = d.deliveries.find((v: any) => v.dataset.id === terminals && v.format === 'csv');
    expect((await (await get(t, a, whole.download_url)).text()).trim().split('\r\n')).toHaveLength((await latestRows(terminals)).length + 1);

    expect((await problem(get(t, b, csv.download_url), 403)).code).toBe('forbidden'); // the provider
    await problem(get(t, c, csv.download_url), 403); // a third department
    await problem(get(t, null, csv.download_url), 401);
    await problem(get(t, a, '/api/v1/deliveries/dl_nope'), 404);
  });

  it('counts the delivery as a share of the provider department', async () => {
    await t.deps.usage.flush();
    const rows = (await queryRows(t.db, "SELECT owner_department_id AS owner, consumer_department_id AS consumer, rows FROM usage_events WHERE kind = 'delivery'")) as { owner: string; consumer: string; rows: number }[];
    expect(rows).toEqual([{ owner: 'taxation', consumer: 'transport', rows: (await latestRows(halls)).filter((r) => r.self_service === 1).length + (await latestRows(terminals)).length }]);
  });

  it('rejects only with a reason; a rejected order cannot be delivered', async () => {
    expect((await problem(step(t, c, justiceOrder, 'reject'), 400)).code).toBe('invalid_body');
    const rejected = await ok(step(t, c, justiceOrder, 'reject', { reason: '涉及个人信息，需另行申请' }));
    expect(rejected.status).toBe('rejected');
    const p = await problem(step(t, c, justiceOrder, 'deliver'), 409);
    expect(p).toMatchObject({ code: 'invalid_transition', current_status: 'rejected' });
    await problem(step(t, a, justiceOrder, 'cancel'), 409);
    expect((await events(justiceOrder)).at(-1)).toEqual({ action: 'reject', from_status: 'submitted', to_status: 'rejected' });
  });

  it('lets the requester cancel while not delivered, from accepted too', async () => {
    const [o] = await order(t, a, [{ dataset: notaries }]);
    await ok(step(t, c, o!.id, 'accept'));
    expect((await ok(step(t, a, o!.id, 'cancel', { reason: '需求变更' }))).status).toBe('cancelled');
    await problem(step(t, c, o!.id, 'deliver'), 409);
    const [o2] = await order(t, a, [{ dataset: notaries }]);
    await ok(step(t, b, o2!.id, 'cancel'), 403);
    expect((await ok(step(t, a2, o2!.id, 'cancel'))).status).toBe('cancelled');
  });
});

describe('API grants for conditional data', () => {
  it("lets the requesting department's keys query a conditional dataset once delivered", async () => {
    const key = await ok(send(t, a, 'POST', '/api/v1/me/keys', { name: '交通局分析' }), 201);
    const headers = { authorization: `Bearer ${key.secret}` };
    expect((await t.app.request(`/api/v1/datasets/${revenue}/records?limit=3`, { headers })).status).toBe(403);

    await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: revenue, fields: ['month', 'total'], delivery_mode: 'api' }), 201);
    expect((await problem(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: '财税分析' }), 422)).code).toBe('agreement_required');
    const created = await ok(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: '财税分析', agree: true }), 201);
    const id = created.data[0].id;
    expect((await ok(get(t, a, `/api/v1/demands/${id}`))).agreement).toContain('数据使用承诺');
    await ok(step(t, b, id, 'accept'));
    const delivered = await ok(step(t, b, id, 'deliver', { expires_at: '2026-12-31' }));
    expect(delivered.deliveries).toEqual([expect.objectContaining({ kind: 'grant', dataset: expect.objectContaining({ id: revenue }), expires_at: '2026-12-31T15:59:59Z', download_url: null })]);
    const grant = (await queryRow(t.db, 'SELECT department_id, user_id, fields, demand_id FROM grants WHERE demand_id = ?', id));
    expect(grant).toEqual({ department_id: 'transport', user_id: null, fields: '["month","total"]', demand_id: id });

    const res = await t.app.request(`/api/v1/datasets/${revenue}/records?limit=3`, { headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fields: { name: string }[] };
    expect(body.fields.map((f) => f.name)).toEqual(['month', 'total']);
    const other = await ok(send(t, c, 'POST', '/api/v1/me/keys', { name: 'justice' }), 201);
    expect((await t.app.request(`/api/v1/datasets/${revenue}/records?limit=3`, { headers: { authorization: `Bearer ${other.secret}` } })).status).toBe(403);
  });

  it('grants a developer outside any department personally, with the agreement recorded', async () => {
    const dev = await person(t, 'user', null);
    const [o] = await order(t, dev, [{ dataset: revenue, delivery_mode: 'api' }]);
    await ok(step(t, b, o!.id, 'accept'));
    await ok(step(t, b, o!.id, 'deliver'));
    const grant = (await queryRow(t.db, 'SELECT department_id, user_id, expires_at FROM grants WHERE demand_id = ?', o!.id)) as Record<string, string | null>;
    expect(grant).toMatchObject({ department_id: null, user_id: dev.id, expires_at: '2027-12-07T15:59:59Z' });
  });
});

describe('overdue', () => {
  it('flags an unanswered order after 5 working days and an undelivered one after its due date, in every list', async () => {
    const [o] = await order(t, a, [{ dataset: notaries }]);
    const id = o!.id;
    const flagged = async (who: Person) => (await ok(get(t, who, '/api/v1/demands?overdue=true'))).data.map((d: any) => d.id);
    expect(await flagged(a)).not.toContain(id);
    now = Date.parse('2026-12-14T15:00:00Z'); // Monday, 23:00 in Beijing: still in time
    expect(await flagged(c)).not.toContain(id);
    now = Date.parse('2026-12-14T16:30:00Z'); // Tuesday 00:30 in Beijing
    expect(await flagged(c)).toContain(id);
    expect((await ok(get(t, a, `/api/v1/demands/${id}`))).overdue_reason).toBe('response');
    await ok(step(t, c, id, 'accept'));
    expect(await flagged(a)).not.toContain(id);
    now = Date.parse('2026-12-22T01:00:00Z');
    const d = await ok(get(t, a, `/api/v1/demands/${id}`));
    expect(d).toMatchObject({ overdue: true, overdue_reason: 'delivery', first_response_at: '2026-12-14T16:30:00Z' });
    expect((await ok(get(t, a, '/api/v1/demands?overdue=false&kind=order'))).data.every((x: any) => !x.overdue)).toBe(true);
  });

  it('pages lists with a cursor bound to the filters', async () => {
    const first = await ok(get(t, a, '/api/v1/demands?kind=order&limit=2'));
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toBeTruthy();
    const second = await ok(get(t, a, `/api/v1/demands?kind=order&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`));
    expect(second.data[0].id).not.toBe(first.data[1].id);
    expect((await problem(get(t, a, `/api/v1/demands?kind=new_data&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`), 400)).code).toBe('invalid_cursor');
    expect((await problem(get(t, a, '/api/v1/demands?colour=red'), 400)).code).toBe('unknown_parameter');
  });
});
