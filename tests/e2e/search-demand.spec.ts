import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ensureUser, signIn } from './users.js';

// Issue 17: a search that finds nothing reaches the reviewers' search demand page and becomes a data request in one step.
const reviewer = { email: 'search-demand-reviewer@e2e.test', password: 'e2e-search-demand-pass', role: 'reviewer' as const };

test('a search that finds nothing becomes a new-data request addressed to a department', async ({ page, browser }) => {
  const query = `qwertzuiop${Date.now() % 100000}`;
  const citizen = await browser.newPage();
  await citizen.goto('/datasets');
  await citizen.getByRole('searchbox').first().fill(query);
  await citizen.getByRole('searchbox').first().press('Enter');
  await expect(citizen.locator('#results-count')).toContainText('0');
  await citizen.close();

  ensureUser(reviewer);
  await signIn(page, reviewer, '/reviewer');
  await page.getByRole('link', { name: /^搜索需求：/ }).click();
  await expect(page).toHaveURL(/\/reviewer\/search$/);
  // Searches are written once a second: reload until the query is there.
  const row = page.locator('section[aria-labelledby="zero-results"] tr', { hasText: query });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);

  await row.getByRole('combobox', { name: '提供部门' }).selectOption('transport');
  await row.getByRole('button', { name: '转为数据需求' }).click();
  await expect(page).toHaveURL(/\/demand\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`公众检索无结果：${query}`);
  await expect(page.locator('main')).toContainText('马鞍山市交通运输局');
});
