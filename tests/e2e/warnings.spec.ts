import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ensureUser, signIn } from './users.js';

// Issue 19: the monitoring loop from the pages: the department sees its warning and explains it, a reviewer accepts.
const publisher = { email: 'warnings-publisher-transport@e2e.test', password: 'e2e-warnings-pass-1', role: 'publisher' as const, department: 'transport' };
const reviewer = { email: 'warnings-reviewer@e2e.test', password: 'e2e-warnings-pass-2', role: 'reviewer' as const };

/** One round of the monitor through the real CLI, a year and a half ahead, so datasets with a frequency are overdue. */
function monitorAhead() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const now = new Date(Date.now() + 540 * 86_400_000).toISOString();
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'monitor', '--now', now, '--quick'], { cwd: root, env: { ...process.env, KAIFANG_DATA_DIR: process.env.KAIFANG_E2E_DATA_DIR, KAIFANG_LOG: 'silent' }, stdio: 'pipe' });
}

async function noSeriousViolations(page: Page) {
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
}

test('a department explains a warning from the console, a reviewer accepts it and it is closed', async ({ page, browser }) => {
  monitorAhead();
  ensureUser(publisher);
  ensureUser(reviewer);
  await signIn(page, publisher, '/console');
  await page.getByRole('link', { name: /^预警与整改/ }).click();
  await expect(page).toHaveURL(/\/console\/warnings$/);
  const card = page.locator('section[aria-labelledby="open-warnings"] article').first();
  await expect(card).toContainText('整改期限');
  const title = (await card.locator('h3 a').innerText()).trim();
  await noSeriousViolations(page);
  await card.getByRole('textbox', { name: '情况说明' }).fill('该数据集已改由市大数据中心统一发布，更新周期将更正为不定期。');
  await card.getByRole('button', { name: '提交情况说明' }).click();
  await expect(page.getByRole('status')).toContainText('情况说明已提交');

  const review = await (await browser.newContext()).newPage();
  await signIn(review, reviewer, '/reviewer');
  await review.getByRole('link', { name: /^预警复核/ }).click();
  await expect(review).toHaveURL(/\/reviewer\/warnings$/);
  const pending = review.locator('section[aria-labelledby="to-review"] article', { hasText: title });
  await expect(pending).toContainText('市大数据中心统一发布');
  await noSeriousViolations(review);
  await pending.getByRole('button', { name: '采纳', exact: true }).click();
  await expect(review.getByRole('status')).toContainText('已采纳');

  await page.reload();
  await expect(page.locator('section[aria-labelledby="closed-warnings"] article', { hasText: title })).toContainText('已关闭');
});
