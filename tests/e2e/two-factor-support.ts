import fs from 'node:fs';
import path from 'node:path';
import { generateHOTP } from '@oslojs/otp';
import { expect, type Page } from '@playwright/test';
import { decodeBase32 } from '../../src/auth/auth.totp.js';

/**
 * The e2e accounts' authenticator: the TOTP secret each account enrolled with (read from the enrolment page, as a
 * person would type it into an app) and the last time step used, kept in the e2e data directory so every spec (and a
 * restarted worker) signs the same account in. Each step is accepted once by the portal, so a second sign-in within
 * the same 30 seconds uses the next step (accepted one step early), or waits for it.
 */
type Authenticator = Record<string, { secret: string; lastStep: number }>;
const file = () => path.join(process.env.KAIFANG_E2E_DATA_DIR!, 'e2e-authenticator.json');
const load = (): Authenticator => (fs.existsSync(file()) ? (JSON.parse(fs.readFileSync(file(), 'utf8')) as Authenticator) : {});

export function rememberSecret(email: string, secret: string): void {
  fs.writeFileSync(file(), JSON.stringify({ ...load(), [email]: { secret, lastStep: 0 } }));
}

/** A code for `email` of a step the portal has not seen yet (waiting when the next one is not accepted yet). */
export async function nextCode(email: string): Promise<string> {
  const all = load();
  const entry = all[email];
  if (!entry) throw new Error(`${email} has no enrolled authenticator in this e2e run`);
  let now = Math.floor(Date.now() / 30_000);
  const step = Math.max(now, entry.lastStep + 1);
  while (step > now + 1) {
    await new Promise((r) => setTimeout(r, 1000));
    now = Math.floor(Date.now() / 30_000);
  }
  fs.writeFileSync(file(), JSON.stringify({ ...all, [email]: { ...entry, lastStep: step } }));
  return generateHOTP(decodeBase32(entry.secret), BigInt(step), 6);
}

/**
 * On the sign-in's second step (/signin/2fa): enrols when the page asks (reading the secret shown, confirming with
 * its first code, leaving the recovery codes page), else answers with the account's next code.
 */
export async function answerSecondFactor(page: Page, email: string): Promise<void> {
  const secret = page.locator('#totp-secret');
  const enrolling = (await secret.count()) > 0;
  if (enrolling) rememberSecret(email, (await secret.textContent())!.trim());
  await page.locator('#code').fill(await nextCode(email));
  await page.locator('form.two-factor-form button[type="submit"]').click();
  if (enrolling) {
    await expect(page.locator('#recovery-codes li')).toHaveCount(10);
    await page.locator('#continue').click();
  }
}
