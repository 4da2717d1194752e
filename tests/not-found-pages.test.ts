import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
});
afterAll(() => t?.close());

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const get = (url: string, accept?: string) => t.app.request(url, accept ? { headers: { Accept: accept } } : {});

describe('unknown paths', () => {
  it('answer a browser with the HTML 404 page in the path\'s language: lang, title, h1, search box, links home', async () => {
    const cases = [
      { url: '/no-such-page', lang: 'zh-CN', title: '页面不存在', home: '/', search: '/datasets' },
      { url: '/datasets/no-such-id/nothing/here', lang: 'zh-CN', title: '页面不存在', home: '/', search: '/datasets' },
      { url: '/en/no-such-page', lang: 'en', title: 'Page not found', home: '/en', search: '/en/datasets' },
    ];
    for (const { url, lang, title, home, search } of cases) {
      for (const accept of [browserAccept, undefined, '*/*']) {
        const res = await get(url, accept);
        expect(res.status, url).toBe(404);
        expect(res.headers.get('content-type'), url).toMatch(/^text\/html/);
        const page = await res.text();
        expect(page).toMatch(/^<!doctype html>/);
        expect(page).toContain(`<html lang="${lang}"`);
        expect(page).toMatch(new RegExp(`<title>${title}[^<]*</title>`));
        expect(page).toMatch(new RegExp(`<h1[^>]*>${title}</h1>`));
        expect(page).toMatch(new RegExp(`<form[^>]*role="search"[^>]*action="${search}"`));
        expect(page).toContain(`href="${home}"`);
      }
    }
  });

  it('keep problem+json under /api and for clients that ask for JSON', async () => {
    const cases: [string, string | undefined][] = [
      ['/api/v1/no-such-thing', browserAccept],
      ['/api/v1/no-such-thing', undefined],
      ['/no-such-page', 'application/json'],
      ['/no-such-page', 'application/problem+json, text/html;q=0.5'],
    ];
    for (const [url, accept] of cases) {
      const res = await get(url, accept);
      expect(res.status, `${url} ${accept}`).toBe(404);
      expect(res.headers.get('content-type'), `${url} ${accept}`).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('not_found');
    }
  });
});

describe('/docs', () => {
  it('sends people to the reference in the portal\'s shell; its Swagger UI files stay where they were', async () => {
    const res = await get('/docs', browserAccept);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/api/docs');
    const portal = await (await get('/api/docs', browserAccept)).text();
    expect(portal).toContain('<html lang="zh-CN"');
    expect(portal).toContain('href="/developer"');
    for (const [url, type] of [['/docs/assets/swagger-ui.css', /^text\/css/], ['/docs/assets/swagger-ui-bundle.js', /^text\/javascript/], ['/docs/init.js', /^text\/javascript/]] as const) {
      const asset = await get(url);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(type);
    }
  });
});
