import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ensureUser, signIn } from './users.js';

const reviewer = { email: 'reviewer@e2e.test', password: 'e2e-reviewer-pass', role: 'reviewer' as const };

/** Every axe finding, whatever its impact, as "rule: target" lines (empty when the page is clean). */
async function axeFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/** The newest month the dashboard links a report for. */
async function reportUrl(page: Page): Promise<string> {
  await page.goto('/reviewer');
  return (await page.locator('.report-links a').first().getAttribute('href'))!;
}

test('the reviewer ranking fits 1280 px with the total column in view', async ({ page }) => {
  ensureUser(reviewer);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, reviewer, '/reviewer');
  const ranking = page.locator('table.ranking');
  await expect(ranking.locator('tbody tr').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  // The total sits right after the department, inside the window without scrolling the table.
  const total = ranking.locator('thead th', { hasText: '总分' });
  await expect(total).toBeInViewport();
  const box = (await total.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  expect(await page.locator('.table-scroll[role="region"]', { has: ranking }).getAttribute('tabindex')).toBe('0');
});

test('the monthly report prints on A4 without one-character columns, inside a main landmark', async ({ page }) => {
  ensureUser(reviewer);
  await signIn(page, reviewer, '/reviewer');
  const url = await reportUrl(page);
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await page.goto(url);
  await expect(page.locator('main h1')).toContainText('月度监测报告');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(794);
  // A column narrower than two characters of its own text prints one character per line.
  const narrow = await page.locator('th, td').evaluateAll((cells) =>
    cells.flatMap((c) => {
      const style = getComputedStyle(c);
      const content = c.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const width = c.getBoundingClientRect().width;
      return width < 28 || content < 2 * parseFloat(style.fontSize) ? [`${c.tagName} "${c.textContent}" ${Math.round(width)}px`] : [];
    }));
  expect(narrow).toEqual([]);
  await expect(page.getByRole('link', { name: /公共数据开放平台/ }).first()).toBeVisible();
  expect(await page.locator('body').innerText()).not.toMatch(/\.json\b/);
});

test('axe finds nothing at all on /stats, the reviewer pages and the monthly report', async ({ page }) => {
  ensureUser(reviewer);
  await page.goto('/stats');
  expect(await axeFindings(page)).toEqual([]);
  await page.goto('/en/stats');
  expect(await axeFindings(page)).toEqual([]);

  await signIn(page, reviewer, '/reviewer');
  expect(await axeFindings(page)).toEqual([]);
  const department = (await page.locator('table.ranking tbody tr').first().getByRole('link').getAttribute('href'))!;
  await page.goto(department);
  expect(await axeFindings(page)).toEqual([]);
  await page.goto(`/en${department}`);
  expect(await axeFindings(page)).toEqual([]);

  await page.goto(await reportUrl(page));
  expect(await axeFindings(page)).toEqual([]);
});
