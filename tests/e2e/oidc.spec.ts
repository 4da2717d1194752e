import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';

// Issue 18, unified identity: the whole browser flow against a real OpenID provider (oidc-provider, its development
// login and consent pages). The portal of the suite knows no provider, so this spec starts its own portal
// (web/server.ts on a fresh data directory, configured with the provider's issuer) and its own provider.

let op: TestOidcProvider;
let server: ChildProcess;
let portal = '';
let dataDir = '';

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  op = await startOidcProvider({ alice: { name: 'Alice Wang', email: 'alice@oidc.e2e.test', email_verified: true } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-e2e-oidc-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], {
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'info', KAIFANG_SEED_DEMO: '0', KAIFANG_REQUIRE_2FA: 'off',
      KAIFANG_OIDC_ISSUER: op.issuer, KAIFANG_OIDC_CLIENT_ID: op.clientId, KAIFANG_OIDC_CLIENT_SECRET: op.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stdout!.on('data', (c: Buffer) => void (out += c.toString()));
  server.stderr!.on('data', (c: Buffer) => void (out += c.toString()));
  await expect.poll(() => /listening on (http:\/\/[^\s]+)/.exec(out)?.[1] ?? (server.exitCode !== null ? `exited: ${out}` : ''), { timeout: 200_000 }).toMatch(/^http/);
  portal = /listening on (http:\/\/[^\s]+)/.exec(out)![1]!;
  await expect.poll(async () => (await fetch(`${portal}/readyz`).catch(() => null))?.status ?? 0, { timeout: 200_000 }).toBe(200);
  op.configure({ redirectUris: [`${portal}/auth/oidc/callback`], postLogoutRedirectUris: [`${portal}/`] });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await op?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('sign in with unified identity through the provider, then sign out of the portal and of the provider', async ({ page }) => {
  await page.goto(`${portal}/signin`);
  await page.getByRole('link', { name: '使用统一身份认证登录' }).click();
  // The provider's own pages.
  await expect(page).toHaveURL((url) => url.origin === op.issuer);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('not-checked-by-the-dev-form');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Back on the portal, signed in as a new citizen account.
  await expect(page).toHaveURL((url) => url.origin === portal && url.pathname === '/developer');
  const me = await page.request.get(`${portal}/api/v1/me`);
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: 'alice@oidc.e2e.test', name: 'Alice Wang', role: 'user' });

  // The portal's sign-out form; then the provider asks to end its session too.
  await page.locator('form[action="/api/v1/auth/logout"]').first().evaluate((form: HTMLFormElement) => form.requestSubmit());
  await expect(page).toHaveURL((url) => url.origin === op.issuer);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${portal}/`);
  expect((await page.request.get(`${portal}/api/v1/me`)).status()).toBe(401);

  // The provider's session is over: a new sign-in asks for the login again.
  await page.goto(`${portal}/signin`);
  await page.getByRole('link', { name: '使用统一身份认证登录' }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
});
