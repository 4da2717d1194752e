import { expect, test, type Page } from '@playwright/test';

/** Every request the page makes (documents, scripts, styles, images, fetches, workers), by URL. */
function recordRequests(page: Page) {
  const urls: string[] = [];
  page.on('request', (req) => urls.push(req.url()));
  return urls;
}

for (const [url, lang, heading, nav] of [
  ['/api/docs', 'zh-CN', 'API 文档', '开发者 API'],
  ['/en/api/docs', 'en', 'API reference', 'Developer API'],
] as const) {
  test(`the API reference at ${url} renders the portal's document in the portal's shell and loads nothing from another origin`, async ({ page, baseURL }) => {
    const requests = recordRequests(page);
    const cspErrors: string[] = [];
    page.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text()); });
    await page.goto(url);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    // The portal's header with its navigation (the API item marked current) and its footer.
    await expect(page.locator('.page-head h1')).toHaveText(heading);
    await expect(page.getByRole('navigation').first().getByRole('link', { name: nav })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('footer.site-footer')).toBeVisible();
    // Swagger UI has drawn this portal's document: its title and an operation.
    await expect(page.locator('.swagger-ui .info .title')).toContainText('Kaifang');
    await expect(page.locator('.opblock-summary-path', { hasText: '/api/v1/datasets/{id}/records' }).first()).toBeVisible();
    // Open an operation: Swagger UI then renders schemas and examples (the moment a validator badge would load).
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/datasets/{id}/records' }).first().click();
    await expect(page.locator('.opblock-body').first()).toBeVisible();
    await page.waitForLoadState('networkidle');

    const origin = new URL(baseURL!).origin;
    const offsite = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
    expect(offsite).toEqual([]);
    // Everything runs under the reference's policy (no inline script): nothing was refused.
    expect(cspErrors).toEqual([]);
    expect(requests.some((u) => u.endsWith('/openapi.json'))).toBe(true);
    expect(await page.locator('.swagger-ui img[src*="validator"]').count()).toBe(0);
    // Off by configuration, not by luck: Swagger UI skips its validator badge on localhost, not on a real host name.
    expect(await page.evaluate(() => (window as unknown as { ui: { getConfigs(): { validatorUrl?: string | null } } }).ui.getConfigs().validatorUrl)).toBeNull();
  });
}

test('the language switch of the API reference leads to the other language', async ({ page }) => {
  await page.goto('/api/docs');
  await page.locator('a.lang-switch').click();
  await expect(page).toHaveURL(/\/en\/api\/docs$/);
  await expect(page.locator('.page-head h1')).toHaveText('API reference');
});
