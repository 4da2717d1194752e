import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

// Issue 16: the barrier-free toolbar (无障碍工具栏), jumps between section groups, the browser's font size, fonts.

type Summary = { data: { id: string; open_type: string }[] };
const openDataset = async (request: APIRequestContext) => {
  const list = (await (await request.get(`/api/v1/datasets?q=${encodeURIComponent('公交')}&limit=20`)).json()) as Summary;
  return (list.data.find((d) => d.open_type === 'open') ?? list.data[0]!).id;
};

const bodyFontSize = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li, main td') ?? document.body).fontSize));
const htmlClass = (page: Page) => page.evaluate(() => document.documentElement.className);
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Every visible element with its own text: its font size, colour and the background it is drawn on. */
function textSamples(page: Page) {
  return page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = parse(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: { text: string; size: number; ratio: number; path: string }[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent ?? '').join('').trim();
      if (!own) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0 || el.closest('.visually-hidden, [hidden]')) continue;
      const fg = luminance(parse(style.color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      out.push({ text: own.slice(0, 30), size: parseFloat(style.fontSize), ratio, path: `${el.tagName.toLowerCase()}.${el.className}` });
    }
    return out;
  });
}

test('large text: 150% at least, kept across pages by the cookie, no sideways scrolling at 1280 px', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  const normal = await bodyFontSize(page);
  await page.getByRole('button', { name: '大字' }).click();
  await expect(page.locator('html')).toHaveClass(/a11y-large/);
  await expect(page.getByRole('button', { name: '大字' })).toHaveAttribute('aria-pressed', 'true');
  expect(await bodyFontSize(page)).toBeGreaterThanOrEqual(normal * 1.5 - 0.01);
  const id = await openDataset(request);
  for (const url of ['/', '/datasets', `/datasets/${id}`, '/departments', '/demand', '/stats', '/accessibility', '/en/datasets']) {
    await page.goto(url);
    expect(await htmlClass(page), url).toContain('a11y-large');
    expect(await scrollWidth(page), url).toBeLessThanOrEqual(1280);
  }
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('html')).not.toHaveClass(/a11y-large/);
  await page.goto('/');
  expect(await bodyFontSize(page)).toBe(normal);
});

test('high contrast: every text at 7:1 or more and a visible focus ring, on several pages', async ({ page, request }) => {
  const id = await openDataset(request);
  await page.goto('/a11y?mode=contrast&on=1&return=/');
  expect(await htmlClass(page)).toContain('a11y-contrast');
  for (const url of ['/', `/datasets?q=${encodeURIComponent('公交')}`, `/datasets/${id}`, '/stats', '/en/accessibility']) {
    await page.goto(url);
    const samples = await textSamples(page);
    expect(samples.length, url).toBeGreaterThan(20);
    const low = samples.filter((s) => s.ratio < 7).map((s) => `${s.path} "${s.text}" ${s.ratio.toFixed(2)}`);
    expect(low, url).toEqual([]);
  }
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(3);
});

test('without JavaScript the toolbar still works: a form post sets the cookie and the server applies the modes', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/datasets');
  const normal = await bodyFontSize(page);
  await expect(page.getByRole('button', { name: '语音辅助' })).toBeHidden(); // it cannot work without a script
  await page.getByRole('button', { name: '大字' }).click();
  await expect(page).toHaveURL(/\/datasets$/);
  expect(await bodyFontSize(page)).toBeGreaterThanOrEqual(normal * 1.5 - 0.01);
  await page.getByRole('button', { name: '高对比度' }).click();
  await page.getByRole('button', { name: '宽行距' }).click();
  await page.getByRole('button', { name: '大鼠标' }).click();
  await page.goto('/departments');
  expect((await htmlClass(page)).split(' ').sort()).toEqual(['a11y-contrast', 'a11y-cursor', 'a11y-large', 'a11y-spacing']);
  await expect(page.getByRole('button', { name: '高对比度' })).toHaveAttribute('aria-pressed', 'true');
  const lineHeight = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main li')!).lineHeight) / parseFloat(getComputedStyle(document.querySelector('main li')!).fontSize));
  expect(lineHeight).toBeGreaterThanOrEqual(1.8);
  const cursor = await page.evaluate(() => getComputedStyle(document.querySelector('main a')!).cursor);
  expect(cursor).toContain('cursor-hand-large.svg');
  await page.getByRole('button', { name: '重置' }).click();
  expect(await htmlClass(page)).toBe('');
  await context.close();
});

test('read aloud speaks the focused element in the page language; a browser without voices is told so', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __spoken: { text: string; lang: string; rate: number }[]; __noVoices?: boolean };
    w.__spoken = [];
    const voice = { lang: 'zh-CN', name: 'stub', default: true, localService: true, voiceURI: 'stub' };
    speechSynthesis.getVoices = () => (sessionStorage.getItem('noVoices') ? [] : [voice as unknown as SpeechSynthesisVoice]);
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void w.__spoken.push({ text: u.text, lang: u.lang, rate: u.rate });
    speechSynthesis.cancel = () => undefined;
  });
  const spoken = () => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string; rate: number }[] }).__spoken);
  await page.goto('/');
  await page.getByRole('button', { name: '语音辅助' }).click();
  await expect(page.getByRole('button', { name: '语音辅助' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.a11y-status')).toContainText('语音辅助已开启');
  const link = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据目录' });
  await link.focus();
  await expect.poll(async () => (await spoken()).at(-1)?.text).toBe('数据目录');
  expect((await spoken()).at(-1)?.lang).toBe('zh-CN');
  // The speed is chosen in the toolbar and kept.
  await page.getByLabel('语速').selectOption('fast');
  await page.goto('/datasets');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' }).focus();
  await expect.poll(async () => (await spoken()).at(-1)?.text).toBe('首页');
  expect((await spoken()).at(-1)?.rate).toBeCloseTo(1.4, 3);

  // No voice for the language: the toolbar says it cannot read, and read aloud does not stay on pretending.
  await page.evaluate(() => sessionStorage.setItem('noVoices', '1'));
  await page.reload();
  await expect(page.locator('.a11y-status')).toContainText('没有可用的中文语音');
  await expect(page.getByRole('button', { name: '语音辅助' })).toHaveAttribute('aria-pressed', 'false');
});

test('skip links and Alt shortcuts move the focus to the main content and to the search box', async ({ page }) => {
  await page.goto('/datasets');
  for (const role of ['banner', 'navigation', 'search', 'main', 'contentinfo'] as const) await expect(page.getByRole(role).first()).toBeAttached();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到主要内容' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.goto('/datasets');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到搜索' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#site-search-q')).toBeFocused();

  // On Linux Alt+1..8 switch the browser's tabs: the page leaves them alone there and takes Alt+Shift+digit.
  await page.goto('/datasets');
  const prevented = await page.evaluate(() => {
    const seen: boolean[] = [];
    window.addEventListener('keydown', (e) => void (e.code === 'Digit1' && seen.push(e.defaultPrevented)));
    (window as unknown as { __prevented: boolean[] }).__prevented = seen;
    return navigator.platform;
  });
  expect(prevented).toContain('Linux');
  await page.keyboard.press('Alt+1');
  expect(await page.evaluate(() => (window as unknown as { __prevented: boolean[] }).__prevented)).toEqual([false]);
  await expect(page.locator('main')).not.toBeFocused();
  await page.keyboard.press('Alt+Shift+Digit1');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Alt+Shift+Digit2');
  await expect(page.locator('#site-search-q')).toBeFocused();
  await page.keyboard.press('Alt+Shift+Digit0');
  await expect(page).toHaveURL(/\/accessibility$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('无障碍与适老化说明');
});

test('the browser\'s default font size is honoured: at 24 px every text on the home page grows; nothing is under 14 px at 16 px', async ({ page }) => {
  await page.goto('/');
  const normal = await textSamples(page);
  expect(normal.length).toBeGreaterThan(50);
  expect(normal.filter((s) => s.size < 14).map((s) => `${s.path} "${s.text}" ${s.size}`)).toEqual([]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
  await page.reload();
  const large = await textSamples(page);
  expect(large.length).toBe(normal.length);
  const same = normal.filter((s, i) => !(large[i]!.size > s.size)).map((s) => `${s.path} "${s.text}" ${s.size}`);
  expect(same).toEqual([]);
});

test('fonts: the Chinese web font comes from the portal itself as woff2 subsets; bytes per page', async ({ browser, request, baseURL }) => {
  const id = await openDataset(request);
  for (const url of ['/', `/datasets/${id}`, '/en']) {
    // A fresh context per page: an empty cache, as a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const fonts: { url: string; type: string; bytes: number }[] = [];
    const pending: Promise<void>[] = [];
    const listener = (req: import('@playwright/test').Request) => {
      if (req.resourceType() !== 'font') return;
      pending.push(
        (async () => {
          const res = await req.response();
          fonts.push({ url: req.url(), type: res?.headers()['content-type'] ?? '', bytes: (await req.sizes()).responseBodySize });
        })(),
      );
    };
    page.on('requestfinished', listener);
    await page.goto(url);
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    page.off('requestfinished', listener);
    // This machine has no Chinese system font, so the page needs the portal's.
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '数据'))).toBe(true);
    expect(fonts.length, url).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(new URL(f.url).origin).toBe(new URL(baseURL!).origin);
      expect(f.url).toMatch(/\/fonts\/noto-sans-sc\/[\d.]+\/[\w-]+\.woff2$/);
      expect(f.type).toBe('font/woff2');
    }
    const total = fonts.reduce((n, f) => n + f.bytes, 0);
    console.log(`fonts for ${url}: ${fonts.length} woff2 files, ${(total / 1024).toFixed(0)} KiB`);
    expect(total, url).toBeLessThan(3_000_000);
    await context.close();
  }
});

test('the help page and the toolbar pass axe in both languages, in the default and in the high-contrast and large modes; the header reflows at 320 px', async ({ page }) => {
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  for (const modes of [[], ['contrast', 'large', 'spacing']]) {
    await page.goto('/a11y?mode=reset&return=/');
    for (const mode of modes) await page.goto(`/a11y?mode=${mode}&on=1&return=/`);
    for (const url of ['/accessibility', '/en/accessibility']) {
      await page.goto(url);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${url} ${modes.join(',')}`).toEqual([]);
    }
  }
  await page.goto('/a11y?mode=reset&return=/');
  await page.setViewportSize({ width: 320, height: 800 });
  for (const url of ['/', '/accessibility', '/en/accessibility']) {
    await page.goto(url);
    expect(await scrollWidth(page), url).toBeLessThanOrEqual(320);
  }
});
