import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { answerSecondFactor } from './two-factor-support.js';

/**
 * Accounts for the e2e specs, created with the real CLI (`user add`) against the e2e server's data
 * directory (KAIFANG_E2E_DATA_DIR, set by playwright.config.ts). Idempotent: an address that exists
 * already is left as it is, so specs may share accounts and a reused data directory works. Give each
 * role/department its own address (e.g. `publisher-<department>@e2e.test`).
 */
export type E2EUser = { email: string; password: string; role: 'user' | 'publisher' | 'dept_admin' | 'reviewer' | 'admin'; department?: string };

const root = fileURLToPath(new URL('../..', import.meta.url));
const ensured = new Set<string>();

export function ensureUser(user: E2EUser): E2EUser {
  if (ensured.has(user.email)) return user;
  const dataDir = process.env.KAIFANG_E2E_DATA_DIR;
  if (!dataDir) throw new Error('KAIFANG_E2E_DATA_DIR is not set: run the specs through playwright.config.ts');
  const args = ['--import', 'tsx', 'scripts/cli.ts', 'user', 'add', '--email', user.email, '--password', user.password, '--role', user.role];
  if (user.department) args.push('--department', user.department);
  try {
    execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' }, stdio: 'pipe' });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
    if (!/exists already/.test(stderr)) throw new Error(`user add ${user.email} failed: ${stderr || (err as Error).message}`);
  }
  ensured.add(user.email);
  return user;
}

/** Signs in through the sign-in page (the Chinese one) and waits for the redirect to `next`. */
export async function signIn(page: Page, user: E2EUser, next = '/'): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.locator('form.auth-form button[type="submit"]').click();
  // Admins (and, with KAIFANG_REQUIRE_2FA=privileged, every department role) give a second factor first.
  await expect(page).toHaveURL((url) => url.pathname + url.search === next || /^(\/en)?\/signin\/2fa$/.test(url.pathname));
  if (/\/signin\/2fa$/.test(new URL(page.url()).pathname)) await answerSecondFactor(page, user.email);
  await expect(page).toHaveURL((url) => url.pathname + url.search === next);
}
