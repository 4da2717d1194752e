// Issue 16, data one click away: on a dataset page the files of the latest version (CSV for Excel first) and the API
// sit right under the title; 申请使用 only where the data is conditional; a time series previews its newest rows;
// the Excel files a visitor gets there are headed by the Chinese field labels.
import { expect, test, type APIRequestContext } from '@playwright/test';

type Field = { name: string; label_zh: string; type: string; required: boolean };
type Summary = { id: string; open_type: 'open' | 'conditional'; records: number };
type Detail = { id: string; open_type: string; fields: Field[] };

async function datasets(request: APIRequestContext): Promise<Summary[]> {
  return ((await (await request.get('/api/v1/datasets?limit=1000&sort=records')).json()) as { data: Summary[] }).data;
}
const detail = async (request: APIRequestContext, id: string) => (await (await request.get(`/api/v1/datasets/${id}`)).json()) as Detail;

test('an open dataset: the download group comes first under the h1, CSV for Excel first, no 申请使用 button', async ({ page, request }) => {
  const open = (await datasets(request)).find((d) => d.open_type === 'open' && d.records > 0)!;
  const fields = (await detail(request, open.id)).fields;
  await page.goto(`/datasets/${open.id}`);

  // The element right after the title block is the group of files.
  const next = page.locator('.page-head + *');
  await expect(next).toHaveClass(/dataset-get/);
  const group = next.getByRole('group', { name: /^下载（第 \d+ 版）$/ });
  const links = group.getByRole('link');
  const names = (await links.allInnerTexts()).map((s) => s.replace(/\s+[\d.,]+\s*[KMGT]?i?B$/, '').trim());
  expect(names.map((n) => n.replace(/^.*：/, '').trim())).toEqual(['Excel 用 CSV', 'XLSX', 'CSV', 'JSON', 'NDJSON']);
  await expect(links.first()).toHaveAttribute('href', /\/data\.csv\?bom=1$/);
  await expect(next.getByRole('link', { name: 'API 接口' })).toHaveAttribute('href', '#api');
  // It comes before the metadata.
  const before = await page.evaluate(() => {
    const get = document.querySelector('.dataset-get')!;
    const meta = document.querySelector('#metadata')!;
    return Boolean(get.compareDocumentPosition(meta) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(before).toBe(true);
  await expect(page.getByRole('link', { name: '申请使用' })).toHaveCount(0);
  await expect(next.getByRole('link', { name: /以本部门名义申请/ })).toHaveAttribute('href', `/demand/cart/add?dataset=${open.id}`);

  // The Excel CSV behind the first button starts with the BOM and the Chinese labels.
  const excel = await request.get((await links.first().getAttribute('href'))!);
  expect(excel.status()).toBe(200);
  const text = (await excel.body()).toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.slice(1, text.indexOf('\r\n'))).toBe(fields.map((f) => (/[",\r\n]/.test(f.label_zh) ? `"${f.label_zh}"` : f.label_zh)).join(','));
  const plain = (await (await request.get((await links.nth(2).getAttribute('href'))!)).body()).toString('utf8');
  expect(plain.slice(0, plain.indexOf('\r\n'))).toBe(fields.map((f) => f.name).join(','));
});

test('a conditional dataset: 申请使用 is the action, and no files are offered without a grant', async ({ page, request }) => {
  const conditional = (await datasets(request)).find((d) => d.open_type === 'conditional')!;
  await page.goto(`/datasets/${conditional.id}`);
  const get = page.locator('.page-head + .dataset-get');
  await expect(get.getByRole('link', { name: '申请使用', exact: true })).toHaveAttribute('href', `/demand/cart/add?dataset=${conditional.id}`);
  await expect(get.getByRole('group')).toHaveCount(0);
});

test('a time series previews its newest rows, newest first', async ({ page, request }) => {
  let found: { id: string; field: Field; newest: string } | undefined;
  for (const d of (await datasets(request)).filter((x) => x.open_type === 'open' && x.records > 40).reverse()) {
    const field = (await detail(request, d.id)).fields.find((f) => f.required && f.type === 'date');
    if (!field) continue;
    const first = (await (await request.get(`/api/v1/datasets/${d.id}/records?limit=1`)).json()) as { data: Record<string, string>[] };
    const newest = (await (await request.get(`/api/v1/datasets/${d.id}/records?sort=-${field.name}&limit=1`)).json()) as { data: Record<string, string>[] };
    // A dataset whose stored order does not already start with its newest row: the preview must reorder it.
    if (first.data[0]![field.name] === newest.data[0]![field.name]) continue;
    found = { id: d.id, field, newest: newest.data[0]![field.name]! };
    break;
  }
  expect(found, 'the seeded catalog has a dated open dataset not stored newest first').toBeDefined();
  await page.goto(`/datasets/${found!.id}`);
  const preview = page.locator('#preview');
  await expect(preview.locator('p.muted').first()).toContainText(`按“${found!.field.label_zh}”最新的`);
  const headers = await preview.locator('thead th').allInnerTexts();
  const column = headers.findIndex((h) => h.trim() === found!.field.label_zh);
  expect(column).toBeGreaterThanOrEqual(0);
  const dates = await preview.locator(`tbody tr td:nth-child(${column + 1}), tbody tr th:nth-child(${column + 1})`).allInnerTexts();
  expect(dates.length).toBeGreaterThan(1);
  expect(dates[0]!.trim()).toBe(found!.newest);
  expect([...dates].sort().reverse()).toEqual(dates);
});
