import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ensureUser, signIn } from './users.js';

// Department A (transport) orders two open datasets of department B (justice).
const requesterDepartment = 'transport';
const providerDepartment = 'justice';
const wanted = ['notary-offices', 'law-firms'];

type DepartmentStats = { id: string; shares: number; deliveries: number };

async function sharesOf(request: APIRequestContext, department: string): Promise<number> {
  const body = (await (await request.get('/api/v1/stats/departments')).json()) as { data: DepartmentStats[] };
  return body.data.find((d) => d.id === department)!.shares;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

test('a department orders two datasets of another, which accepts and delivers; the requester downloads and rates; the provider shares once more', async ({ browser, request }) => {
  const requester = ensureUser({ email: `publisher-${requesterDepartment}@e2e.test`, password: 'e2e-publisher-pass', role: 'publisher', department: requesterDepartment });
  const provider = ensureUser({ email: `publisher-${providerDepartment}@e2e.test`, password: 'e2e-publisher-pass', role: 'publisher', department: providerDepartment });
  const sharesBefore = await sharesOf(request, providerDepartment);

  // A fills the cart with two datasets of B and checks out: one order, since both come from B.
  const a = await (await browser.newContext()).newPage();
  await signIn(a, requester, '/demand/cart');
  for (const id of wanted) {
    await a.goto(`/demand/cart/add?dataset=${id}`);
    await a.getByRole('button', { name: '加入需求清单' }).click();
    await expect(a).toHaveURL(/\/demand\/cart$/);
  }
  await expect(a.locator('tr[data-item]')).toHaveCount(2);
  expect(await seriousViolations(a)).toEqual([]);
  await a.locator('#purpose').fill('公共法律服务网点与公交线路衔接分析');
  await a.locator('#legal_basis').fill('《马鞍山市公共数据管理办法》');
  await a.getByRole('button', { name: '提交数据申请' }).click();
  await expect(a).toHaveURL(/\/demand\/orders\?side=sent&created=1$/);
  const card = a.locator('li.demand-card').first();
  const orderId = (await card.getAttribute('data-demand'))!;
  await expect(card.locator('.demand-card-head [data-status]')).toHaveAttribute('data-status', 'submitted');

  // B finds it among the orders received, accepts it and delivers a snapshot.
  const b = await (await browser.newContext()).newPage();
  await signIn(b, provider, '/demand/orders?side=received');
  await b.locator(`li[data-demand="${orderId}"] h2 a`).click();
  await expect(b).toHaveURL(new RegExp(`/demand/${orderId}$`));
  expect(await seriousViolations(b)).toEqual([]);
  await b.locator('form[data-action="accept"]').getByRole('button').click();
  await expect(b.locator('.page-head [data-status]')).toHaveAttribute('data-status', 'accepted');
  await b.locator('form[data-action="deliver"]').getByRole('button').click();
  await expect(b.locator('.page-head [data-status]')).toHaveAttribute('data-status', 'delivered');
  await expect(b.locator('a.download')).toHaveCount(0); // files are for the requesting department only

  // A downloads the CSV of the first dataset and rates the order.
  await a.goto(`/demand/${orderId}`);
  await expect(a.locator('a.download')).toHaveCount(4); // CSV and XLSX of each dataset
  const csvLink = a.locator('a.download', { hasText: 'CSV' }).first();
  const [download] = await Promise.all([a.waitForEvent('download'), csvLink.click()]);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.split('\r\n')[0]).toMatch(/^(office_id|firm_id|[a-z_]+),/);
  expect(text.trim().split('\r\n').length).toBeGreaterThan(1);
  await a.locator('form[data-action="confirm"]').getByLabel('★★★★☆（4 星）').check();
  await a.getByRole('button', { name: '确认收货并评价' }).click();
  await expect(a.locator('.page-head [data-status]')).toHaveAttribute('data-status', 'confirmed');
  await expect(a.locator('ol.timeline > li')).toHaveCount(4); // submitted, accepted, delivered, confirmed

  // The delivery is one share of B's data with another department.
  await expect.poll(() => sharesOf(request, providerDepartment), { timeout: 10_000 }).toBe(sharesBefore + 1);
});
