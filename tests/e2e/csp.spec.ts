import { expect, test, type Page } from '@playwright/test';
import { ensureUser, signIn } from './users.js';

// Issue 11, item 5: under the Content-Security-Policy the pages still work, and the browser reports no violation.

/** Collects CSP violations the page reports (its own event) and the console errors Chromium logs for them. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame)/i.test(msg.text())) console.push(msg.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []))];
}

const publisher = { email: 'csp-publisher@e2e.test', password: 'e2e-publisher-pass', role: 'publisher' as const, department: '' };
const reviewer = { email: 'csp-reviewer@e2e.test', password: 'e2e-reviewer-pass', role: 'reviewer' as const };

test('pages with charts, forms and the API reference work under the CSP without violations', async ({ page, request }) => {
  const violations = await watchViolations(page);
  const list = (await (await request.get('/api/v1/datasets?limit=20')).json()) as { data: { id: string; open_type: string; department: { id: string } }[] };
  const dataset = list.data.find((d) => d.open_type === 'open')!;

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.goto(`/datasets/${dataset.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.goto('/stats');
  await expect(page.locator('[data-chart] svg').first()).toBeVisible();
  // A tooltip is HTML with inline styles: it must still show.
  await page.locator('[data-chart] svg').first().hover();

  await page.goto('/docs');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Kaifang');

  ensureUser({ ...publisher, department: dataset.department.id });
  await signIn(page, { ...publisher, department: dataset.department.id }, `/console/datasets/${dataset.id}/publish`);
  await expect(page.locator('#file')).toBeVisible();

  expect(await violations()).toEqual([]);
});

test('the reviewer dashboard draws its charts without violations', async ({ page }) => {
  const violations = await watchViolations(page);
  ensureUser(reviewer);
  await signIn(page, reviewer, '/reviewer');
  const top = page.locator('table.ranking tbody tr').first().getByRole('link');
  await top.click();
  await expect(page.locator('[data-chart="use-over-time"] svg').first()).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('a page of the portal cannot be framed by another site (frame-ancestors)', async ({ page, baseURL }) => {
  const refused: string[] = [];
  page.on('console', (msg) => { if (/frame-ancestors/.test(msg.text())) refused.push(msg.text()); });
  await page.setContent(`<iframe src="${baseURL}/developer"></iframe>`);
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(await frame?.locator('form').count().catch(() => 0)).toBe(0);
});
