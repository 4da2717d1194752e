// Issue 16, accounts and developers findable, tried in a real browser: the header's 登录/注册 and 我的 menu,
// signing in and out, coming back to the page or the role's place, a key created once whatever the reloads, and
// the copy button of its secret.
import { expect, test, type Page } from '@playwright/test';
import { ensureUser, type E2EUser } from './users.js';

const password = 'findable e2e passphrase';
const citizen: E2EUser = { email: 'findable-user@e2e.test', password, role: 'user' };
const publisher: E2EUser = { email: 'findable-publisher@e2e.test', password, role: 'publisher', department: 'transport' };
const reviewer: E2EUser = { email: 'findable-reviewer@e2e.test', password, role: 'reviewer' };

type Summary = { data: { id: string; open_type: string }[] };

async function signInHere(page: Page, user: E2EUser) {
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.locator('form.auth-form button[type="submit"]').click();
}

const menu = (page: Page) => page.locator('header details.account-menu');

async function menuLinks(page: Page): Promise<string[]> {
  await menu(page).locator('summary').click();
  return await menu(page).locator('ul a').allTextContents();
}

test.beforeAll(() => {
  for (const u of [citizen, publisher, reviewer]) ensureUser(u);
});

test('signed out, every page offers 登录/注册; signing in from a dataset page comes back there, 我的 lists the user\'s places, 退出 signs out', async ({ page, request }) => {
  const list = (await (await request.get('/api/v1/datasets?open_type=open&limit=1')).json()) as Summary;
  const dataset = `/datasets/${list.data[0]!.id}`;
  for (const path of ['/', '/stats', '/api/docs', dataset]) {
    await page.goto(path);
    await expect(page.locator('header').getByRole('link', { name: '登录', exact: true })).toBeVisible();
    await expect(page.locator('header').getByRole('link', { name: '注册', exact: true })).toBeVisible();
  }
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '开发者中心' })).toHaveAttribute('href', '/developer');

  await page.locator('header').getByRole('link', { name: '登录', exact: true }).click();
  await signInHere(page, citizen);
  await expect(page).toHaveURL((url) => url.pathname === dataset);
  await expect(menu(page).locator('summary')).toContainText('findable-user');
  expect(await menuLinks(page)).toEqual(['开发者中心', '我的数据申请', '两步验证', '登录会话']);
  await expect(page.locator('header').getByRole('link', { name: '登录', exact: true })).toHaveCount(0);

  // On a page that never looks at the session itself, the header still knows.
  await page.goto('/stats');
  await expect(menu(page).locator('summary')).toContainText('findable-user');

  await menu(page).locator('summary').click();
  await menu(page).getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.locator('header').getByRole('link', { name: '登录', exact: true })).toBeVisible();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
});

test('without a place to return to, a publisher lands on the console and a reviewer on the assessment, each with their 我的 links', async ({ browser, baseURL }) => {
  for (const [user, landing, links] of [
    [publisher, '/console', ['开发者中心', '我的数据申请', '部门工作台', '两步验证', '登录会话']],
    [reviewer, '/reviewer', ['开发者中心', '我的数据申请', '考核看板', '两步验证', '登录会话']],
  ] as const) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto('/signin');
    await signInHere(page, user);
    await expect(page).toHaveURL((url) => url.pathname === landing);
    expect(await menuLinks(page)).toEqual(links);
    await context.close();
  }
});

test('a crafted return path to another site is refused', async ({ page }) => {
  await page.goto('/signin?return=//evil.example');
  await signInHere(page, citizen);
  await expect(page).toHaveURL((url) => url.host !== 'evil.example' && url.pathname === '/developer');
  await page.goto('/signin?next=%2F%2Fevil.example%2Fpath');
  await signInHere(page, citizen);
  await expect(page).toHaveURL((url) => url.host !== 'evil.example' && url.pathname === '/developer');
});

test.describe('the developer centre', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('creating a key then reloading leaves one new key; the secret shows once and its copy button copies and says so', async ({ page }) => {
    await page.goto('/signin?next=%2Fdeveloper');
    await signInHere(page, citizen);
    await expect(page).toHaveURL((url) => url.pathname === '/developer');
    const name = `reload-${Date.now()}`;
    const rows = page.locator('section[aria-labelledby="my-keys"] tbody tr', { hasText: name });

    await page.locator('#key-name').fill(name);
    await page.getByRole('button', { name: '创建密钥' }).click();
    const secret = page.locator('code.secret');
    await expect(secret).toHaveText(/^kf_[A-Za-z0-9_-]{43}$/);
    const value = (await secret.textContent())!;
    expect(page.url()).not.toContain('kf_');
    await expect(rows).toHaveCount(1);

    // Copy from the keyboard: Tab from the secret's region reaches its button; the live region says it.
    const copy = page.getByRole('button', { name: '复制 新密钥' });
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-copy-status]')).toHaveText('已复制 新密钥');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);

    await page.reload();
    await expect(page.locator('code.secret')).toHaveCount(0);
    expect(await page.content()).not.toContain(value);
    await expect(rows).toHaveCount(1);

    // Every other code block has its copy button too (the quick start's curl).
    const curl = page.locator('#quick-start ~ pre code');
    await expect(page.getByRole('button', { name: /^复制/ })).toHaveCount(await page.locator('pre > code').count());
    await page.getByRole('button', { name: /^复制/ }).first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await curl.textContent());
  });
});
