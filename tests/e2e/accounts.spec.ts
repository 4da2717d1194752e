import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ rule: v.id, help: v.help }));
}

async function fillSignUp(page: Page, email: string, password: string) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form.auth-form button[type="submit"]').click();
}

test('sign-up refuses a common password with a reason, then goes on to sign-in, which leads to the developer centre', async ({ page }) => {
  const email = `signup-${Date.now()}@e2e.test`;
  await page.goto(`/signup?next=${encodeURIComponent('/developer')}`);
  await fillSignUp(page, email, 'QwertyUiop');
  await expect(page).toHaveURL((url) => url.pathname === '/signup' && url.searchParams.get('error') === 'password_too_common');
  await expect(page.getByRole('alert')).toContainText('这个密码太常见');
  expect(await seriousViolations(page)).toEqual([]);

  await fillSignUp(page, email, 'a long and private passphrase');
  await expect(page).toHaveURL((url) => url.pathname === '/signin' && url.searchParams.get('registered') === '1');
  await expect(page.getByRole('status')).toContainText('请用刚才设置的密码登录');
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator('#email').fill(email);
  await page.locator('#password').fill('a long and private passphrase');
  await page.locator('form.auth-form button[type="submit"]').click();
  await expect(page).toHaveURL((url) => url.pathname === '/developer');
  await expect(page.locator('main')).toContainText(email);
});

test('the English sign-up page explains the password rule and the notice after signing up', async ({ page }) => {
  await page.goto('/en/signup');
  await expect(page.locator('#password-hint')).toContainText('At least 10 characters');
  await fillSignUp(page, `signup-en-${Date.now()}@e2e.test`, 'another private passphrase');
  await expect(page).toHaveURL((url) => url.pathname === '/en/signin' && url.searchParams.get('next') === '/en/developer');
  await expect(page.getByRole('status')).toContainText('sign in with the password you just chose');
});
