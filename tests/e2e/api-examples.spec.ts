import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

type Summary = { data: { id: string; open_type: string }[] };

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a copy button of the API examples works from the keyboard and says "copied"; axe finds nothing serious', async ({ page, request }) => {
  const list = (await (await request.get('/api/v1/datasets?open_type=open&limit=1')).json()) as Summary;
  const id = list.data[0]!.id;
  await page.goto(`/datasets/${id}`);
  const section = page.locator('section#api');
  await expect(section.getByRole('heading', { level: 2 })).toHaveText('API 调用示例');

  // From the last link before the examples, Tab reaches the first copy button (shown once the script ran).
  await section.getByRole('link', { name: 'API 文档' }).focus();
  const copyCurl = section.getByRole('button', { name: '复制 curl 示例' });
  await expect(copyCurl).toBeVisible();
  for (let i = 0; i < 5 && !(await copyCurl.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(copyCurl).toBeFocused();
  expect(await copyCurl.evaluate((el) => el.matches(':focus-visible'))).toBe(true);

  await page.keyboard.press('Enter');
  await expect(section.locator('[aria-live="polite"]')).toHaveText('已复制 curl 示例');
  const code = await section.locator('#api-code-curl').textContent();
  expect(code).toContain(`/api/v1/datasets/${id}/records?`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  // Space works too, on the next button.
  await page.keyboard.press('Tab'); // the curl code block (scrollable, focusable)
  await page.keyboard.press('Tab');
  await expect(section.getByRole('button', { name: '复制 Python (requests) 示例' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(section.locator('[aria-live="polite"]')).toHaveText('已复制 Python (requests) 示例');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('import requests');

  expect(await seriousViolations(page)).toEqual([]);
});

test('without JavaScript the examples are plain selectable text and the copy buttons stay hidden', async ({ browser, request, baseURL }) => {
  const list = (await (await request.get('/api/v1/datasets?open_type=open&limit=1')).json()) as Summary;
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto(`/datasets/${list.data[0]!.id}`);
  await expect(page.locator('#api-code-curl')).toContainText('curl');
  await expect(page.locator('section#api button.copy-code').first()).toBeHidden();
  await context.close();
});
