import AxeBuilder from '@axe-core/playwright';
import Papa from 'papaparse';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ensureUser, signIn, type E2EUser } from './users.js';

type Field = { name: string; label_zh: string; type: string };
type Detail = { id: string; open_type: string; latest_version: number | null; department: { id: string }; fields: Field[] };

/** An open dataset with a date field and a few hundred rows, its latest CSV and a publisher of its department. */
async function pickDataset(request: APIRequestContext) {
  const list = (await (await request.get('/api/v1/datasets?limit=1000&sort=-records')).json()) as { data: { id: string; open_type: string; records: number }[] };
  for (const d of list.data.filter((x) => x.open_type === 'open' && x.records >= 20 && x.records <= 2000)) {
    const detail = (await (await request.get(`/api/v1/datasets/${d.id}`)).json()) as Detail;
    const date = detail.fields.find((f) => f.type === 'date');
    if (!date || !detail.latest_version) continue;
    const csv = await (await request.get(`/api/v1/datasets/${d.id}/versions/${detail.latest_version}/data.csv`)).text();
    return { detail, date, csv };
  }
  throw new Error('the seeded catalog has no small open dataset with a date field');
}

/** The same rows with the third data row's date made impossible: line 4 of the file. */
function breakDate(csv: string, field: Field) {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const col = header!.findIndex((h) => h === field.name || h === field.label_zh);
  expect(col, `the CSV has a column for ${field.name}`).toBeGreaterThanOrEqual(0);
  const broken = rows.map((r, i) => (i === 2 ? r.map((cell, j) => (j === col ? '2024-13-45' : cell)) : r));
  return Papa.unparse([header!, ...broken], { newline: '\r\n' });
}

async function upload(page: Page, name: string, content: string, note: string) {
  await page.locator('#file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  await page.locator('#change_note').fill(note);
  await page.getByRole('button', { name: '校验并发布' }).click();
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

let target: Awaited<ReturnType<typeof pickDataset>>;
let publisher: E2EUser;

test.beforeAll(async ({ request }) => {
  target = await pickDataset(request);
  publisher = ensureUser({ email: `publisher-${target.detail.department.id}@e2e.test`, password: 'e2e-publisher-pass', role: 'publisher', department: target.detail.department.id });
});

test('a publisher uploads a CSV that fails, fixes it, publishes, and the public page lists the new version', async ({ page }) => {
  const { detail, date, csv } = target;
  const next = detail.latest_version! + 1;
  await signIn(page, publisher, '/console');
  await expect(page.getByRole('heading', { level: 1, name: '部门工作台' })).toBeVisible();
  const row = page.locator(`tr[data-dataset="${detail.id}"]`);
  await expect(row).toBeVisible();
  expect(await seriousViolations(page), '/console').toEqual([]);

  await row.getByRole('link', { name: '发布新版本' }).click();
  // Record what the progress indication shows (the answer for a small file comes too fast to watch); the page must not reload.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const box = document.querySelector('.upload-progress')!;
    new MutationObserver(() => seen.push(`${(box as HTMLElement).hidden ? 'hidden' : 'shown'} ${box.querySelector('.upload-label')!.textContent} ${box.querySelector('.upload-percent')!.textContent}`))
      .observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await upload(page, 'bad.csv', breakDate(csv, date), 'e2e：有错误的文件');
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('发现 1 处问题，未发布任何内容。');
  const problem = page.locator('table.problems-table tbody tr');
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('4');
  await expect(problem.locator('td').nth(1)).toContainText(date.name);
  await expect(problem.locator('td').nth(2)).toHaveText('2024-13-45');
  const seen = await page.evaluate(() => (window as unknown as { seen?: string[] }).seen);
  expect(seen, 'answered in place by the upload script, after showing progress').toContain('shown 上传完成，正在校验并发布… 100%');
  await expect(summary).toBeFocused();
  expect(await seriousViolations(page), 'publish page with errors').toEqual([]);
  const unchanged = (await (await page.request.get(`/api/v1/datasets/${detail.id}`)).json()) as Detail;
  expect(unchanged.latest_version).toBe(detail.latest_version);

  await upload(page, 'fixed.csv', csv, 'e2e：修正日期后重新发布');
  await expect(page).toHaveURL(new RegExp(`/console/datasets/${detail.id}/versions\\?published=${next}$`));
  await expect(page.getByRole('status')).toContainText(`第 ${next} 版已发布`);

  await page.getByRole('status').getByRole('link', { name: '查看公开页面' }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${detail.id}$`));
  const newest = page.locator('ol.versions > li').first();
  await expect(newest).toHaveAttribute('data-version', String(next));
  await expect(newest).toContainText('最新');
  await expect(newest).toContainText('e2e：修正日期后重新发布');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the plain form shows the same error table', async ({ page }) => {
    await signIn(page, publisher, `/console/datasets/${target.detail.id}/publish`);
    await upload(page, 'bad.csv', breakDate(target.csv, target.date), 'e2e：无脚本');
    await expect(page.locator('.error-summary')).toContainText('未发布任何内容');
    await expect(page.locator('table.problems-table tbody tr').first().locator('td').nth(1)).toContainText(target.date.name);
  });
});
