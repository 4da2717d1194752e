import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

// Search that forgives (issue 16): a synonym finds what the catalog calls otherwise, and a search that finds
// nothing offers nearer words, popular searches and asking for the data, in both languages.

test('天气 finds the 气象 datasets: the synonym list widens the search', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: '搜索数据集', exact: true });
  await box.fill('天气');
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“天气”的搜索结果');
  const titles = page.locator('.dataset-card .card-title');
  await expect(titles.filter({ hasText: '气象预警信号' })).toHaveCount(1);
  await expect(titles.filter({ hasText: '自动气象站名录' })).toHaveCount(1);

  await page.goto(`/datasets?q=${encodeURIComponent('公交车')}`);
  await expect(page.locator('.dataset-card .card-title').filter({ hasText: '公交线路' })).toHaveCount(1);
});

test('an empty search suggests nearer words, popular searches and the demand board, in Chinese', async ({ page }) => {
  await page.goto(`/datasets?q=${encodeURIComponent('气像站')}`);
  const empty = page.locator('.search-empty');
  await expect(empty).toContainText('没有找到与“气像站”相关的数据集。');
  const didYouMean = empty.locator('.did-you-mean');
  await expect(didYouMean).toContainText('您是不是要找：');
  await expect(page.getByRole('link', { name: '提出数据开放需求' })).toHaveAttribute('href', '/demand/new?kind=new_data');
  await expect(empty.locator('.popular-searches').getByRole('link', { name: '公交', exact: true })).toBeVisible();

  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // A suggestion is one click away and finds something.
  await didYouMean.getByRole('link').first().click();
  await expect(page.locator('.dataset-card').first()).toBeVisible();
});

test('an empty search suggests them in English under /en', async ({ page }) => {
  await page.goto('/en/datasets?q=wether');
  const empty = page.locator('.search-empty');
  await expect(empty).toContainText('No dataset matches “wether”.');
  await expect(empty.locator('.did-you-mean').getByRole('link', { name: 'weather' })).toHaveAttribute('href', '/en/datasets?q=weather');
  await expect(empty.locator('.popular-searches')).toContainText('Popular searches:');
  await expect(page.getByRole('link', { name: 'Ask for new data' })).toHaveAttribute('href', '/en/demand/new?kind=new_data');
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
});
