import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ensureUser, signIn, type E2EUser } from './users.js';

/**
 * Every page of the portal, in both languages, signed out and as each role on its own pages: axe finds no violation
 * of any impact (not only serious ones), and at 320 CSS px (WCAG 1.4.10 reflow) the page does not scroll sideways;
 * a table wider than the screen scrolls inside its own focusable, named region instead.
 */

const requester = 'transport'; // the publisher's department: it orders open data of the provider's
const provider = 'justice';
const ordered = 'notary-offices';
const users = {
  publisher: { email: `every-page-publisher-${requester}@e2e.test`, password: 'e2e-every-page-pass', role: 'publisher', department: requester },
  deptAdmin: { email: `every-page-admin-${provider}@e2e.test`, password: 'e2e-every-page-pass', role: 'dept_admin', department: provider },
  reviewer: { email: 'every-page-reviewer@e2e.test', password: 'e2e-every-page-pass', role: 'reviewer' },
  admin: { email: 'every-page-admin@e2e.test', password: 'e2e-every-page-pass', role: 'admin' },
} satisfies Record<string, E2EUser>;

type Summary = { data: { id: string; open_type: string; department: { id: string } }[] };
type Ids = { open: string; conditional: string; department: string; own: string; providers: string; app: string };

let ids: Ids | undefined;
async function catalogIds(request: APIRequestContext): Promise<Ids> {
  if (ids) return ids;
  const list = async (query: string) => ((await (await request.get(`/api/v1/datasets?${query}`)).json()) as Summary).data;
  const bus = await list(`q=${encodeURIComponent('公交')}&limit=20`);
  const all = await list('limit=100');
  const own = await list(`department=${requester}&limit=5`);
  const providers = await list(`department=${provider}&limit=5`);
  ids = {
    open: (bus.find((d) => d.open_type === 'open') ?? all.find((d) => d.open_type === 'open'))!.id,
    conditional: all.find((d) => d.open_type === 'conditional')!.id,
    department: provider,
    own: own[0]!.id,
    providers: providers[0]!.id,
    // A seeded demo app (issue 17's showcase), public.
    app: ((await (await request.get('/api/v1/apps?limit=1')).json()) as { data: { id: string }[] }).data[0]!.id,
  };
  return ids;
}

/** The pages a signed-out visitor reaches (paths without the language prefix), and the 404 pages. */
const publicPages = (i: Ids) => [
  '/',
  '/datasets',
  `/datasets?q=${encodeURIComponent('公交')}`,
  `/datasets?q=${encodeURIComponent('没有这样的数据zzq')}`,
  `/datasets/${i.open}`,
  `/datasets/${i.conditional}`,
  `/datasets/${i.open}/versions/1`,
  '/departments',
  `/departments/${i.department}`,
  '/demand',
  '/apps',
  '/apps?kind=web_app',
  `/apps/${i.app}`,
  '/stats',
  '/developer',
  '/signin',
  '/signup',
  '/api/docs',
  '/accessibility',
];
const missingPages = ['/no-such-page', '/datasets/no-such-dataset'];

const href = (lang: 'zh' | 'en', path: string) => (lang === 'en' ? (path === '/' ? '/en' : `/en${path}`) : path);

/** What is wrong with the page at `url` (empty: nothing): axe's findings at 1280 px, then the reflow at 320 px. */
async function problemsOf(page: Page, url: string, status = 200): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 900 });
  const res = await page.goto(url);
  const problems: string[] = [];
  if (res?.status() !== status) problems.push(`${url}: HTTP ${res?.status()} (expected ${status})`);
  // Scripts that draw (charts, Swagger UI) have finished before axe looks.
  await page.waitForLoadState('networkidle');
  const axe = await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations) problems.push(`${url}: axe ${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  await page.setViewportSize({ width: 320, height: 640 });
  // Charts redraw for the new width after a resize (debounced): give them up to 2 s before measuring.
  await page.waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth, null, { timeout: 2000 }).catch(() => {});
  const reflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const page = document.documentElement.scrollWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
      .filter((el) => !el.parentElement?.closest('[role="region"][tabindex="0"]') && !el.closest('.visually-hidden'))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`);
    // A table wider than its box must scroll inside a named, focusable region (keyboard users can scroll it).
    const tables = [...document.querySelectorAll('table')]
      .filter((t) => t.getBoundingClientRect().width > width)
      .filter((t) => {
        const region = t.closest('[role="region"]');
        return !region || region.getAttribute('tabindex') !== '0' || !(region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'));
      })
      .map((t) => t.className || t.id || 'table');
    return { width, page, wide, tables };
  });
  if (reflow.page > reflow.width) problems.push(`${url}: ${reflow.page} px wide at 320 px (${reflow.wide.join(', ')})`);
  for (const t of reflow.tables) problems.push(`${url}: table ${t} is wider than the screen outside a focusable named region`);
  return problems;
}

async function walk(page: Page, urls: string[], status = 200): Promise<string[]> {
  const problems: string[] = [];
  for (const url of urls) problems.push(...(await problemsOf(page, url, status)));
  return problems;
}

/** One order from the publisher's department to the provider's, made once through the cart: its page is walked. */
let orderId: string | undefined;
async function ensureOrder(page: Page): Promise<string> {
  if (orderId) return orderId;
  await page.goto(`/demand/cart/add?dataset=${ordered}`);
  await page.locator('form[action$="/demand/cart/items"] button[type="submit"]').click();
  await expect(page).toHaveURL(/\/demand\/cart$/);
  await page.locator('#purpose').fill('公共法律服务网点与公交线路衔接分析');
  await page.locator('#legal_basis').fill('《马鞍山市公共数据管理办法》');
  await page.locator('form[action$="/demand/cart/checkout"] button[type="submit"]').click();
  await expect(page).toHaveURL(/\/demand\/orders\?side=sent/);
  orderId = (await page.locator('li.demand-card').first().getAttribute('data-demand'))!;
  // Something in the cart again, so the cart page is walked with a row in its table.
  await page.goto(`/demand/cart/add?dataset=${ordered}`);
  await page.locator('form[action$="/demand/cart/items"] button[type="submit"]').click();
  return orderId;
}

for (const lang of ['zh', 'en'] as const) {
  test.describe(`every page (${lang})`, () => {
    test(`signed out: catalog, datasets, departments, demand board, stats, developer, sign-in, API docs, help, 404 (${lang})`, async ({ page, request }) => {
      const i = await catalogIds(request);
      const problems = [...(await walk(page, publicPages(i).map((p) => href(lang, p)))), ...(await walk(page, missingPages.map((p) => href(lang, p)), 404))];
      expect(problems).toEqual([]);
    });

    test(`publisher: console, publish, versions, developer centre, cart, orders, inbox, an order (${lang})`, async ({ page, request }) => {
      test.setTimeout(180_000);
      const i = await catalogIds(request);
      await signIn(page, ensureUser(users.publisher));
      const order = await ensureOrder(page);
      const pages = [
        '/',
        `/datasets/${i.open}`,
        '/console',
        `/console/datasets/${i.own}/publish`,
        `/console/datasets/${i.own}/versions`,
        '/developer',
        '/demand',
        '/demand/new',
        '/apps/new',
        '/account/2fa',
        '/account/sessions',
        '/console/warnings',
        '/demand/cart',
        `/demand/cart/add?dataset=${i.providers}`,
        '/demand/orders',
        '/demand/orders?side=sent',
        '/demand/inbox',
        `/demand/${order}`,
        '/no-such-page',
      ];
      expect(await walk(page, pages.filter((p) => p !== '/no-such-page').map((p) => href(lang, p)))).toEqual([]);
      expect(await walk(page, [href(lang, '/no-such-page')], 404)).toEqual([]);
    });

    test(`department admin: console, dataset forms, orders received, the order (${lang})`, async ({ page, request }) => {
      test.setTimeout(180_000);
      const i = await catalogIds(request);
      if (!orderId) {
        await signIn(page, ensureUser(users.publisher));
        await ensureOrder(page);
        await page.context().clearCookies();
      }
      await signIn(page, ensureUser(users.deptAdmin));
      const pages = ['/console', '/console/datasets/new', `/console/datasets/${i.providers}/edit`, `/console/datasets/${i.providers}/versions`, '/demand/orders?side=received', `/demand/${orderId}`, '/demand/inbox', '/console/apps', '/console/users'];
      expect(await walk(page, pages.map((p) => href(lang, p)))).toEqual([]);
    });

    test(`reviewer: dashboard, a department, the monthly report, stats (${lang})`, async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, ensureUser(users.reviewer), '/reviewer');
      const report = await page.locator('a[href*="/reports/monthly/"][href$=".html"]').first().getAttribute('href');
      const department = await page.locator('table.ranking tbody tr a[href*="/reviewer/departments/"]').first().getAttribute('href');
      const pages = [href(lang, '/reviewer'), `${href(lang, '/reviewer')}?sort=-shares`, department!.replace(/^\/en/, '').replace(/^/, lang === 'en' ? '/en' : ''), report!, href(lang, '/stats'), href(lang, '/reviewer/warnings')];
      expect(await walk(page, pages)).toEqual([]);
    });

    test(`admin: console of every department and of one, the dashboard, the app review queue and an app with its review (${lang})`, async ({ page, request }) => {
      test.setTimeout(120_000);
      const i = await catalogIds(request);
      await signIn(page, ensureUser(users.admin));
      const pages = ['/console', `/console?department=${provider}`, '/console/datasets/new', '/reviewer', '/console/apps', `/apps/${i.app}`, '/admin/audit', '/console/users'];
      expect(await walk(page, pages.map((p) => href(lang, p)))).toEqual([]);
    });
  });
}
