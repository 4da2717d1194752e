import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ensureUser, signIn } from './users.js';

const reviewer = { email: 'reviewer@e2e.test', password: 'e2e-reviewer-pass', role: 'reviewer' as const };

/** The number a ranking cell starts with ("1,234" then the score line). */
const leadingNumber = (text: string) => Number(/^[\d,.]+/.exec(text.trim())![0].replace(/,/g, ''));

test('a reviewer ranks the departments by shares, opens one, and downloads the monthly CSV', async ({ page }) => {
  ensureUser(reviewer);
  await signIn(page, reviewer, '/reviewer');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('部门考核看板');
  const ranking = page.locator('table.ranking');
  await expect(ranking.locator('tbody tr')).toHaveCount(29);
  await expect(page.getByRole('link', { name: '考核看板' })).toHaveAttribute('aria-current', 'page');

  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);

  // Sorting is a plain link: the server answers the sorted table.
  await ranking.getByRole('link', { name: /^共享频次/ }).click();
  await expect(page).toHaveURL(/[?&]sort=-shares(&|$)/);
  const header = ranking.locator('th[aria-sort]');
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(header).toContainText('共享频次');
  const column = await ranking.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => th.hasAttribute('aria-sort')));
  const shares = (await ranking.locator(`tbody tr > :nth-child(${column + 1})`).allTextContents()).map(leadingNumber);
  expect(shares.length).toBe(29);
  expect(shares).toEqual([...shares].sort((a, b) => b - a));
  expect(shares[0]).toBeGreaterThan(0);

  // The top sharer's drill-down: a drawn chart, its table, and the departments its data reached.
  const top = ranking.locator('tbody tr').first().getByRole('link');
  const name = (await top.textContent())!.trim();
  await top.click();
  await expect(page).toHaveURL(/\/reviewer\/departments\/[a-z-]+\?period=\d{4}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.locator('[data-chart="use-over-time"] svg').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: '数据流向的部门' })).toBeVisible();
  await expect(page.locator('#consumer-departments-title')).toBeVisible();
  expect(await page.locator('figure[aria-labelledby="consumer-departments-title"] tbody tr').count()).toBeGreaterThan(0);

  // Back on the dashboard, the monthly report CSV downloads with the ranking in it.
  await page.getByRole('link', { name: '返回排名' }).click();
  const csvLink = page.getByRole('link', { name: '排名表（CSV）' }).first();
  const downloadPromise = page.waitForEvent('download');
  await csvLink.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^kaifang-report-\d{4}-\d{2}\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  // The file for spreadsheets (bom=1) speaks Chinese; the plain CSV keeps the ids for programs.
  expect(lines[0]).toMatch(/^统计期,排名,部门标识,部门名称,部门英文名称,总分,/);
  expect(lines).toHaveLength(30);
});

test('the public statistics page draws its chart from the local ECharts and keeps the table', async ({ page }) => {
  await page.goto('/stats');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('数据使用统计');
  await expect(page.locator('[data-chart="monthly-downloads"] svg').first()).toBeVisible();
  await expect(page.locator('figure[aria-labelledby="monthly-downloads-title"] tbody tr')).toHaveCount(12);
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
});
