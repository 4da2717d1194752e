import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
});
afterAll(() => t?.close());

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/kaifang_a11y=([^;]*)/)?.[1];
const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });

describe('the barrier-free toolbar route /a11y', () => {
  it('sets the cookie and goes back to the page; the next page is rendered in the mode, server-side', async () => {
    const res = await t.app.request('/a11y', form({ mode: 'large', return: '/datasets?q=%E5%85%AC%E4%BA%A4' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/datasets?q=%E5%85%AC%E4%BA%A4');
    expect(cookieOf(res)).toBe('large');
    expect(res.headers.get('set-cookie')).toMatch(/Path=\//);
    const page = await (await t.app.request('/en/accessibility', { headers: { Cookie: 'kaifang_a11y=large.contrast' } })).text();
    expect(page).toContain('<html lang="en" class="a11y-large a11y-contrast">');
    expect(page).toMatch(/<button type="submit" name="mode" value="contrast" aria-pressed="true"/);
    expect(page).toMatch(/<button type="submit" name="mode" value="spacing" aria-pressed="false"/);
    const plain = await (await t.app.request('/accessibility')).text();
    expect(plain).toContain('<html lang="zh-CN">');
  });

  it('toggles a mode off, sets the speed, and resets everything (GET works as well as POST)', async () => {
    const off = await t.app.request('/a11y?mode=contrast&return=/', { headers: { Cookie: 'kaifang_a11y=large.contrast' } });
    expect(cookieOf(off)).toBe('large');
    const rate = await t.app.request('/a11y?mode=speech&on=1&rate=slow&return=/', { headers: { Cookie: 'kaifang_a11y=large' } });
    expect(cookieOf(rate)).toBe('large.speech.rate-slow');
    const reset = await t.app.request('/a11y', { ...form({ mode: 'reset', return: '/en' }), headers: { Cookie: 'kaifang_a11y=large.speech', 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(reset.headers.get('location')).toBe('/en');
    expect(cookieOf(reset)).toBe('');
  });

  it('goes back only to a path on this site: anything else goes to the home page', async () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'evil', '/%0d%0aSet-Cookie:x', '']) {
      const res = await t.app.request(`/a11y?mode=large&return=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(303);
      const location = res.headers.get('location')!;
      expect(location, bad).toMatch(/^\/(?!\/)/);
      expect(new URL(location, 'http://portal.test').origin, bad).toBe('http://portal.test');
      if (bad !== '/%0d%0aSet-Cookie:x') expect(location, bad).toBe('/');
    }
  });

  it('refuses an unknown mode or speed with 400 and sets no cookie', async () => {
    for (const query of ['mode=bigger', 'mode=large&rate=warp']) {
      const res = await t.app.request(`/a11y?${query}&return=/en/datasets`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('set-cookie'), query).toBeNull();
      expect(await res.text()).toContain('<html lang="en"');
    }
  });
});

describe('the portal serves its own Chinese web font', () => {
  it('@font-face rules in fonts.css point at woff2 files on this site, each with a unicode-range, font-display swap', async () => {
    const page = await (await t.app.request('/')).text();
    const href = page.match(/<link rel="stylesheet" href="(\/static\/fonts\.css\?v=[0-9a-f]+)"/)?.[1];
    expect(href).toBeDefined();
    const res = await t.app.request(href!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const css = await res.text();
    const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces.length).toBeGreaterThan(150); // ~100 subsets per weight, two weights
    for (const face of faces) {
      expect(face).toMatch(/src:url\(\/fonts\/noto-sans-sc\/[\d.]+\/[\w-]+\.woff2\) format\("woff2"\);/);
      expect(face).toContain('font-display:swap');
      expect(face).toMatch(/unicode-range:U\+/);
      expect(face).not.toContain('.woff)');
    }
    const url = faces[0]!.match(/url\(([^)]+)\)/)![1]!;
    const font = await t.app.request(url);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = new Uint8Array(await font.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('wOF2');
    const again = await t.app.request(url, { headers: { 'If-None-Match': font.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves only the package\'s woff2 files', async () => {
    const css = await (await t.app.request('/static/fonts.css')).text();
    const base = css.match(/url\((\/fonts\/noto-sans-sc\/[\d.]+\/)/)![1]!;
    for (const name of ['noto-sans-sc-4-400-normal.woff', '..%2Fpackage.json', 'package.json']) {
      expect((await t.app.request(`${base}${name}`)).status, name).toBe(404);
    }
  });
});
