import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32 } from '../../src/auth/auth.totp.js';
import { ensureUser, type E2EUser } from './users.js';

// Issue 18: an admin must sign in with two factors. The first sign-in enrols (the QR code and the secret as text,
// confirmed with a code computed here, as an authenticator app would), and every later one asks for a fresh code.

const admin: E2EUser = { email: 'two-factor-admin@e2e.test', password: 'e2e-two-factor-pass', role: 'admin' };
const codeAt = (secret: string, step: number) => generateHOTP(decodeBase32(secret), BigInt(step), 6);
const stepNow = () => Math.floor(Date.now() / 30_000);
const axeViolations = async (page: Page) => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);

test('an admin enrols at the first sign-in, signs out, and signs in again with the password and a new code', async ({ page }) => {
  ensureUser(admin);
  const signInWithPassword = async () => {
    await page.goto('/signin?next=%2Faccount%2F2fa');
    await page.locator('#email').fill(admin.email);
    await page.locator('#password').fill(admin.password);
    await page.locator('form.auth-form button[type="submit"]').click();
    await expect(page).toHaveURL((url) => url.pathname === '/signin/2fa');
  };

  await signInWithPassword();
  await expect(page.locator('#must-enrol')).toContainText('必须使用两步验证');
  await expect(page.locator('.two-factor-qr svg')).toBeVisible();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  expect(await axeViolations(page)).toEqual([]);
  const secret = (await page.locator('#totp-secret').textContent())!.trim();
  const enrolStep = stepNow();
  await page.locator('#code').fill(codeAt(secret, enrolStep));
  await page.locator('form.two-factor-form button[type="submit"]').click();
  await expect(page.locator('#recovery-codes li')).toHaveCount(10);
  expect(await axeViolations(page)).toEqual([]);
  await page.locator('#continue').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account/2fa');
  await expect(page.locator('#two-factor-on')).toContainText('两步验证已开启');

  await page.locator('header details.account-menu summary').click();
  await page.locator('header details.account-menu').getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);

  await signInWithPassword();
  await expect(page.locator('#must-enrol')).toHaveCount(0);
  // The code used to enrol is refused a second time.
  await page.locator('#code').fill(codeAt(secret, enrolStep));
  await page.locator('form.two-factor-form button[type="submit"]').click();
  await expect(page.locator('#form-error')).toContainText('已使用过');
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  // The next step's code (accepted one step early) signs in.
  await page.locator('#code').fill(codeAt(secret, enrolStep + 1));
  await page.locator('form.two-factor-form button[type="submit"]').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account/2fa');
  const me = (await (await page.request.get('/api/v1/me')).json()) as { email: string; role: string };
  expect(me).toMatchObject({ email: admin.email, role: 'admin' });
});
