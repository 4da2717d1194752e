import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ensureUser, signIn, type E2EUser } from './users.js';

// Issue 17: a developer submits an app naming two datasets, an admin approves it, the dataset page counts it,
// and the reviewer finds it in the department's drill-down. No demo app names these two datasets.
const halls = 'tax-service-halls'; // taxation
const notaries = 'notary-offices'; // justice
const developer: E2EUser = { email: 'apps-developer@e2e.test', password: 'e2e-apps-pass', role: 'user' };
const admin: E2EUser = { email: 'apps-admin@e2e.test', password: 'e2e-apps-pass', role: 'admin' };
const reviewer: E2EUser = { email: 'apps-reviewer@e2e.test', password: 'e2e-apps-pass', role: 'reviewer' };

async function noAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

/** Another person's browser (its own cookies; axe needs a page of a context made this way). */
const newPerson = async (browser: Browser) => (await browser.newContext()).newPage();

/** "用于 N 个应用" on a dataset page, as a number. */
async function usedIn(page: Page, dataset: string): Promise<number> {
  await page.goto(`/datasets/${dataset}`);
  const text = await page.locator('#dataset-apps-title').textContent();
  return Number(/用于 (\d+) 个应用/.exec(text ?? '')?.[1]);
}

test('a developer submits an app, an admin approves it, the dataset page and the reviewer see it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const name = `公共服务网点地图 ${Date.now() % 100000}`;
  const before = await usedIn(page, halls);

  const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-e2e-shot-')), 'map.png');
  fs.writeFileSync(shot, await sharp({ create: { width: 480, height: 300, channels: 3, background: '#0b5cad' } }).png().toBuffer());

  await signIn(page, ensureUser(developer), '/apps/new');
  await noAxeViolations(page);
  await page.getByLabel('名称（中文）').fill(name);
  await page.getByLabel('类型').selectOption('web_app');
  await page.getByLabel('简介').fill('在地图上查找办税服务厅和公证机构。');
  await page.getByLabel(/^访问地址/).fill('https://example.org/service-map');
  await page.getByLabel('联系方式').fill('developer@example.org');
  await page.getByLabel('使用的数据集').fill(`${halls}\n${notaries}`);
  await page.getByLabel(/^截图/).setInputFiles(shot);
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page).toHaveURL(/\/apps\/app_[\w-]+\?submitted=1$/);
  await expect(page.locator('.app-flash')).toContainText('审核通过后公开');
  await expect(page.locator('main [data-status="pending"]').first()).toBeVisible();
  await expect(page.getByRole('img', { name: `${name}的截图 1` })).toBeVisible();
  await noAxeViolations(page);
  const appPath = new URL(page.url()).pathname;

  // Not public yet.
  const visitor = await newPerson(browser);
  expect((await visitor.goto(appPath))?.status()).toBe(404);

  const moderator = await newPerson(browser);
  await signIn(moderator, ensureUser(admin), '/console/apps');
  const card = moderator.locator(`li[data-app="${appPath.split('/')[2]}"]`);
  await expect(card).toContainText(name);
  await noAxeViolations(moderator);
  await card.getByRole('button', { name: '通过并公开' }).click();
  await expect(moderator.locator('.app-flash')).toContainText('已通过');

  await visitor.goto('/apps');
  await expect(visitor.locator('main')).toContainText(name);
  await visitor.goto(appPath);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(visitor.locator('main')).not.toContainText('使用证据');
  expect(await usedIn(visitor, halls)).toBe(before + 1);
  await expect(visitor.locator('.dataset-apps')).toContainText(name);
  if (before === 0) await expect(visitor.locator('#dataset-apps-title')).toHaveText('用于 1 个应用');
  await visitor.getByRole('link', { name }).click();
  await expect(visitor).toHaveURL(appPath);

  const review = await newPerson(browser);
  await signIn(review, ensureUser(reviewer), '/reviewer/departments/taxation');
  const section = review.locator('section.department-apps');
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('应用成果');
  await expect(section.getByRole('link', { name })).toHaveAttribute('href', appPath);
  await noAxeViolations(review);
});
