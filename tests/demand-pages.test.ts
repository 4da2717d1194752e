// The board's pages work without JavaScript: plain forms that POST and redirect (303), then show the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { form, get, ok, person, send, type Person, type TestApp } from './demand.helpers.js';

const halls = 'tax-service-halls'; // taxation
const notaries = 'notary-offices'; // justice

let t: TestApp;
let a: Person; // transport
let tax: Person; // taxation publisher
let citizen: Person;

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, notaries] });
  const now = Date.parse('2026-12-07T02:00:00Z');
  t.deps.now = () => new Date(now);
  a = await person(t, 'publisher', 'transport');
  tax = await person(t, 'publisher', 'taxation');
  citizen = await person(t, 'user', null, '市民');
});
afterAll(() => t.close());

const html = async (who: Person | null, url: string, status = 200) => {
  const res = await get(t, who, url);
  expect(res.status).toBe(status);
  return res.text();
};

/** Posts a form and returns where it redirects to. */
async function submit(who: Person | null, url: string, fields: Record<string, string | string[]>): Promise<string> {
  const res = await form(t, who, url, fields);
  expect(res.status, await res.clone().text()).toBe(303);
  return res.headers.get('location')!;
}

describe('demand pages', () => {
  it('shows the public board to everyone, with its JSON twin, in Chinese and English', async () => {
    const zh = await html(null, '/demand');
    expect(zh).toContain('需求与纠错');
    expect(zh).toContain('href="/api/v1/demands"');
    expect(zh).toContain('lang="zh-CN"');
    const en = await html(null, '/en/demand');
    expect(en).toContain('Requests and corrections');
    expect(en).toContain('lang="en"');
  });

  it('sends visitors who are not signed in to sign in first', async () => {
    for (const url of ['/demand/orders', '/demand/cart', '/demand/inbox', '/demand/new']) {
      const res = await get(t, null, url);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(url)}`);
    }
  });

  it('runs a whole order through forms: cart, checkout, accept, deliver, download, rate', async () => {
    const typo = await get(t, a, '/demand/cart/add?dataset=nope');
    expect(typo.headers.get('location')).toMatch(/^\/demand\/cart\?error=invalid_reference&detail=/);
    expect(await html(a, typo.headers.get('location')!)).toContain('找不到填写的数据集或部门');
    const addPage = await html(a, `/demand/cart/add?dataset=${halls}`);
    expect(addPage).toContain('name="fields" value="hall_id"');
    expect(await submit(a, '/demand/cart/items', { dataset: halls, fields: ['hall_id', 'name'], filter: '', delivery_mode: 'file' })).toBe('/demand/cart');
    const cart = await html(a, '/demand/cart');
    expect(cart).toContain('办税服务厅');
    expect(cart).toContain('hall_id, name');
    expect(cart).toContain('<h1>需求清单</h1>');
    expect(cart).toMatch(/<a href="\/datasets"[^>]*>继续浏览数据<\/a>/);
    expect(await html(a, '/en/demand/cart')).toMatch(/<a href="\/en\/datasets"[^>]*>Continue browsing data<\/a>/);

    const orders = await submit(a, '/demand/cart/checkout', { purpose: '公交站点与办税厅衔接分析' });
    expect(orders).toBe('/demand/orders?side=sent&created=1');
    const sent = await html(a, orders);
    expect(sent).toContain('已提交 1 份数据申请');
    const id = /data-demand="(dm_[a-z2-7]+)"/.exec(sent)![1]!;
    expect(sent).toContain('data-status="submitted"');

    const received = await html(tax, '/demand/orders?side=received');
    expect(received).toContain(id);
    expect(received).toContain('待您处理');
    // Before the provider acts, each side reads whose turn it is (the requester may only cancel meanwhile).
    const turn = (page: string) => />([^<]*)<\/p>/.exec(page.slice(page.indexOf('class="demand-turn')))![1];
    expect(turn(await html(a, `/demand/${id}`))).toBe('待提供部门处理');
    expect(turn(await html(a, `/en/demand/${id}`))).toBe('Waiting for the providing department');
    expect(turn(await html(tax, `/demand/${id}`))).toBe('待您处理');
    expect(turn(await html(a, '/demand/orders?side=sent'))).toBe('待提供部门处理');
    expect(await html(a, `/demand/${id}`)).toContain('<h2 id="next-steps">您可以进行的操作</h2>');
    expect(await submit(tax, `/demand/${id}/act`, { action: 'accept', note: '' })).toBe(`/demand/${id}`);
    expect(await submit(tax, `/demand/${id}/act`, { action: 'deliver' })).toBe(`/demand/${id}`);
    const providerView = await html(tax, `/demand/${id}`);
    expect(providerView).not.toContain('/api/v1/deliveries/');
    expect(turn(providerView)).toBe('待申请方确认收货');
    expect(turn(await html(a, `/demand/${id}`))).toBe('待您确认收货');
    expect(await html(a, `/demand/${id}`)).toContain('<h2 id="next-steps">待您处理</h2>');

    const page = await html(a, `/demand/${id}`);
    expect(page).toContain('data-status="delivered"');
    const link = /href="(\/api\/v1\/deliveries\/dl_[a-z2-7]+)"/.exec(page)![1]!;
    expect((await get(t, a, link)).status).toBe(200);
    expect(page).toContain('data-action="confirm"');
    expect(await submit(a, `/demand/${id}/act`, { action: 'confirm', rating: '5', comment: '很好' })).toBe(`/demand/${id}`);
    const done = await html(a, `/demand/${id}`);
    expect(done).toContain('data-status="confirmed"');
    expect(done).toContain('★★★★★');
    expect(turn(done)).toBe('已完成');

    const again = await submit(a, `/demand/${id}/act`, { action: 'confirm', rating: '5' });
    expect(again).toMatch(new RegExp(`^/demand/${id}\\?error=invalid_transition&detail=`));
    expect(await html(a, again)).toContain('当前状态下不能进行这一操作');
  });

  it('shows an inbox with the unread count and marks it read', async () => {
    const inbox = await html(a, '/demand/inbox');
    expect(inbox).toMatch(/id="unread-count">\d+ 条未读/);
    expect(inbox).toContain('data-unread="true"');
    expect(await submit(a, '/demand/inbox/read', {})).toBe('/demand/inbox');
    expect(await html(a, '/demand/inbox')).toContain('0 条未读');
  });

  it('creates a request and a correction from forms, and votes from the board', async () => {
    const created = await submit(citizen, '/demand/new', { kind: 'new_data', title: '停车场实时泊位', description: '希望开放', department: '' });
    expect(created).toMatch(/^\/demand\/dm_[a-z2-7]+$/);
    const id = created.split('/').pop()!;
    expect(await html(null, created)).toContain('停车场实时泊位');
    expect(await submit(citizen, `/demand/${id}/vote`, { back: '/demand', vote: 'add' })).toBe('/demand');
    expect((await ok(get(t, citizen, `/api/v1/demands/${id}`))).votes).toBe(1);
    expect(await html(citizen, '/demand')).toContain('aria-pressed="true"');

    const correctionForm = await html(citizen, `/demand/new?kind=correction&dataset=${halls}`);
    expect(correctionForm).toContain('<option value="phone">phone</option>');
    const bad = await submit(citizen, '/demand/new', { kind: 'correction', dataset: halls, field: 'colour', description: '错了' });
    expect(bad).toContain('error=unknown_field');
    expect(await submit(citizen, '/demand/new', { kind: 'correction', dataset: halls, field: 'phone', description: '电话错了' })).toMatch(/^\/demand\/dm_/);
  });

  it('renders comments escaped and keeps orders of other departments out of reach', async () => {
    const wish = await ok(send(t, citizen, 'POST', '/api/v1/demands', { kind: 'new_data', title: '<img src=x onerror=alert(1)>' }), 201);
    expect(await submit(citizen, `/demand/${wish.id}/comments`, { body: '<script>alert(1)</script>' })).toMatch(new RegExp(`^/demand/${wish.id}#comment-\\d+$`));
    const page = await html(null, `/demand/${wish.id}`);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    await ok(send(t, a, 'POST', '/api/v1/cart/items', { dataset: notaries }), 201);
    const [o] = (await ok(send(t, a, 'POST', '/api/v1/cart/checkout', { purpose: 'x' }), 201)).data;
    await html(tax, `/demand/${o.id}`, 403);
    const res = await form(t, tax, `/demand/${o.id}/act`, { action: 'accept' });
    expect(res.headers.get('location')).toContain('error=forbidden');
    const crossSite = await t.app.request(`/demand/${o.id}/act`, { method: 'POST', headers: { cookie: a.cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=cancel' });
    expect(crossSite.status).toBe(403);
    expect((await ok(get(t, a, `/api/v1/demands/${o.id}`))).status).toBe('submitted');
  });
});
