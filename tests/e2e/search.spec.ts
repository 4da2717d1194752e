import { expect, test } from '@playwright/test';

test('search 公交 from the home page, open a dataset, see its fields and preview rows', async ({ page, request }) => {
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: '搜索数据集', exact: true });
  await box.fill('公交');
  await box.press('Enter');

  await expect(page).toHaveURL(/\/datasets\?q=%E5%85%AC%E4%BA%A4/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“公交”的搜索结果');
  const busCards = page.locator('.dataset-card').filter({ has: page.locator('.card-title', { hasText: '公交' }) });
  await expect(busCards.first()).toBeVisible();

  // An open dataset, so the page shows a preview (conditional ones show a notice instead).
  const link = busCards.filter({ has: page.locator('.badge-open') }).first().locator('.card-title a');
  const title = (await link.innerText()).trim();
  await link.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const detail = (await (await request.get(`/api/v1/datasets/${id}`)).json()) as { records: number; fields: { name: string; label_zh: string }[] };
  expect(detail.fields.length).toBeGreaterThan(1);

  const fields = page.getByRole('region', { name: '信息项（字段）' });
  for (const f of detail.fields.slice(0, 3)) {
    await expect(fields.getByRole('row').filter({ hasText: f.name })).toContainText(f.label_zh);
  }

  const preview = page.getByRole('region', { name: '数据预览' });
  await expect(preview.getByRole('columnheader').first()).toHaveText(detail.fields[0]!.label_zh);
  const rows = preview.locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(20, detail.records));
  const firstRow = rows.first().getByRole('cell');
  await expect(firstRow).toHaveCount(detail.fields.length);
  await expect(firstRow.first()).not.toHaveText('');
});
