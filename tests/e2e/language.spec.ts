import { expect, test } from '@playwright/test';

test('the language switch shows the English portal with English titles', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('link', { name: 'English', exact: true }).click();

  await expect(page).toHaveURL(/\/en$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Public data, open to everyone');

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Datasets' }).click();
  await expect(page).toHaveURL(/\/en\/datasets$/);
  const api = (await (await request.get('/api/v1/datasets?limit=20')).json()) as { data: { title_en: string; title_zh: string }[] };
  const titles = page.locator('.dataset-card .card-title');
  await expect(titles).toHaveText(api.data.map((d) => d.title_en));

  await titles.first().getByRole('link').click();
  await expect(page).toHaveURL(/\/en\/datasets\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(api.data[0]!.title_en);
  await expect(page.getByRole('rowheader', { name: 'Resource code' })).toBeVisible();

  await page.getByRole('link', { name: '中文', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(api.data[0]!.title_zh);
});
