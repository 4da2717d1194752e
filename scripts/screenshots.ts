// `npm run screenshots [-- --url http://host:port] [--out dir]`: PNGs of the portal's main pages at 1280 and 375 CSS px,
// in the normal look and in large text + high contrast (the barrier-free toolbar's modes, set by its cookie), in Chinese
// and English, for a person to look over. Without --url it starts the portal (`node scripts/start.mjs`, as the e2e
// suite does) on a fresh temp data directory, signs a publisher and a reviewer in for their pages, and stops it after.
// The files go to .tmp/screenshots (git-ignored), named <lang>-<page>-<width>-<mode>.png.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { a11yCookieName } from '../web/a11y-prefs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--help')) {
  console.log('npm run screenshots [-- --url http://127.0.0.1:3000] [--out .tmp/screenshots]');
  process.exit(0);
}
const outDir = path.resolve(root, option('out') ?? '.tmp/screenshots');
const widths = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '375', viewport: { width: 375, height: 812 } },
];
/** The toolbar's cookie value per look (web/a11y-prefs.ts): none, then large text with high contrast. */
const looks = [
  { name: 'normal', cookie: '' },
  { name: 'large-contrast', cookie: 'large.contrast' },
];
const langs = ['zh', 'en'] as const;
const href = (lang: (typeof langs)[number], p: string) => (lang === 'en' ? (p === '/' ? '/en' : `/en${p}`) : p);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function waitForHealth(base: string, server: ChildProcess | null, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server && server.exitCode !== null) throw new Error(`the portal exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return; // /healthz answers while a first start still seeds
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base}/readyz did not answer 200 within ${ms / 1000} s`);
}

type Started = { base: string; dataDir: string | null; stop: () => Promise<void> };

/** The portal to photograph: the one at --url, or a fresh one on a temp data directory (seeding takes about a minute). */
async function portal(): Promise<Started> {
  const url = option('url');
  if (url) {
    await waitForHealth(url.replace(/\/$/, ''), null, 10_000);
    return { base: url.replace(/\/$/, ''), dataDir: null, stop: async () => {} };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-screenshots-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`starting the portal on ${base} (data in ${dataDir}; seeding takes a minute)`);
  const server = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(base, server, 300_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, dataDir, stop };
}

type Account = { email: string; password: string; role: string; department?: string };

/** An account made with the real CLI on the temp data directory (only when this script started the portal). */
function addUser(dataDir: string, user: Account) {
  const cli = ['--import', 'tsx', 'scripts/cli.ts', 'user', 'add', '--email', user.email, '--password', user.password, '--role', user.role];
  if (user.department) cli.push('--department', user.department);
  execFileSync(process.execPath, cli, { cwd: root, env: { ...process.env, KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' }, stdio: 'pipe' });
}

async function signIn(context: BrowserContext, base: string, user: Account) {
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/signin')), page.locator('form.auth-form button[type="submit"]').click()]);
  await page.close();
}

type Shot = { name: string; path: string; account?: Account };

async function pagesToShoot(base: string, dataDir: string | null): Promise<Shot[]> {
  type Summary = { data: { id: string; open_type: string; department: { id: string } }[] };
  const list = async (query: string) => ((await (await fetch(`${base}/api/v1/datasets?${query}`)).json()) as Summary).data;
  const bus = await list(`q=${encodeURIComponent('公交')}&limit=20`);
  const open = bus.find((d) => d.open_type === 'open') ?? bus[0]!;
  const shots: Shot[] = [
    { name: 'home', path: '/' },
    { name: 'catalog', path: '/datasets' },
    { name: 'search', path: `/datasets?q=${encodeURIComponent('公交')}` },
    { name: 'search-empty', path: `/datasets?q=${encodeURIComponent('没有这样的数据zzq')}` },
    { name: 'dataset', path: `/datasets/${open.id}` },
    { name: 'version', path: `/datasets/${open.id}/versions/1` },
    { name: 'departments', path: '/departments' },
    { name: 'department', path: `/departments/${open.department.id}` },
    { name: 'demand', path: '/demand' },
    { name: 'stats', path: '/stats' },
    { name: 'developer', path: '/developer' },
    { name: 'signin', path: '/signin' },
    { name: 'api-docs', path: '/api/docs' },
    { name: 'accessibility', path: '/accessibility' },
    { name: 'not-found', path: '/no-such-page' },
  ];
  if (dataDir) {
    const publisher = { email: 'screenshots-publisher@example.test', password: 'screenshots-pass-1', role: 'publisher', department: open.department.id };
    const reviewer = { email: 'screenshots-reviewer@example.test', password: 'screenshots-pass-1', role: 'reviewer' };
    addUser(dataDir, publisher);
    addUser(dataDir, reviewer);
    shots.push(
      { name: 'console', path: '/console', account: publisher },
      { name: 'console-publish', path: `/console/datasets/${open.id}/publish`, account: publisher },
      { name: 'cart', path: '/demand/cart', account: publisher },
      { name: 'reviewer', path: '/reviewer', account: reviewer },
    );
  }
  return shots;
}

async function shoot(browser: Browser, base: string, shots: Shot[]) {
  fs.mkdirSync(outDir, { recursive: true });
  const host = new URL(base).hostname;
  let count = 0;
  for (const account of [undefined, ...new Set(shots.map((s) => s.account).filter((a): a is Account => !!a))]) {
    for (const look of looks) {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      if (look.cookie) await context.addCookies([{ name: a11yCookieName, value: look.cookie, domain: host, path: '/' }]);
      if (account) await signIn(context, base, account);
      const page = await context.newPage();
      for (const shot of shots.filter((s) => s.account === account)) {
        for (const lang of langs) {
          for (const width of widths) {
            await page.setViewportSize(width.viewport);
            await page.goto(`${base}${href(lang, shot.path)}`);
            await page.waitForLoadState('networkidle');
            const file = path.join(outDir, `${lang}-${shot.name}-${width.name}-${look.name}.png`);
            await page.screenshot({ path: file, fullPage: true });
            count++;
          }
        }
      }
      await context.close();
    }
  }
  return count;
}

const started = await portal();
let browser: Browser | undefined;
try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const shots = await pagesToShoot(started.base, started.dataDir);
  const t0 = performance.now();
  const count = await shoot(browser, started.base, shots);
  console.log(`${count} screenshots in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${path.relative(process.cwd(), outDir) || '.'}/`);
} finally {
  await browser?.close();
  await started.stop();
}
