// Issue 16, accounts and developers findable: the header's account menu on every page, sign-in coming back to
// where the user was (never to another site) or to the role's place, and a new key created by post-redirect-get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { queryValue } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let department: string;
beforeAll(async () => {
  t = await createTestApp({ datasets: ['vocational-schools'] });
  department = (await queryValue(t.db, "SELECT department_id FROM datasets WHERE id = 'vocational-schools'")) as string;
  const password = 'correct horse battery';
  await createUser(t.db, { email: 'dev@example.cn', password, name: '王开发' }, new Date());
  await createUser(t.db, { email: 'pub@example.cn', password, name: '李发布', role: 'publisher', departmentId: department }, new Date());
  await createUser(t.db, { email: 'rev@example.cn', password, role: 'reviewer' }, new Date());
});
afterAll(() => t.close());

const form = (fields: Record<string, string>, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...extra },
  body: new URLSearchParams(fields).toString(),
});
const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];
const signIn = (email: string, fields: Record<string, string> = {}) =>
  t.app.request('/api/v1/auth/login', form({ email, password: 'correct horse battery', from: '/signin', ...fields }));
const header = (html: string) => /<header[\s\S]*?<\/header>/.exec(html)![0];
const get = async (path: string, cookie?: string) => await (await t.app.request(path, cookie ? { headers: { cookie } } : {})).text();

describe('the header of every page', () => {
  it('offers 登录/注册 signed out, coming back to the page, on pages that never looked at the session too', async () => {
    for (const path of ['/', '/stats', '/api/docs', '/datasets/vocational-schools']) {
      const top = header(await get(path));
      expect(top, path).toContain(`href="/signin?next=${encodeURIComponent(path)}"`);
      expect(top, path).toContain('>注册<');
    }
    expect(header(await get('/en/stats'))).toContain('href="/en/signin?next=%2Fen%2Fstats"');
  });

  it("shows the signed-in user's name and their 我的 links, with 开发者中心 in the main navigation", async () => {
    const dev = cookieOf(await signIn('dev@example.cn'), 'kf_session')!;
    const top = header(await get('/stats', dev));
    expect(top).toContain('王开发');
    expect(top).not.toContain('/signin?next');
    for (const link of ['/developer', '/demand/orders']) expect(top).toContain(`href="${link}"`);
    expect(top).not.toContain('href="/console"');
    expect(top).toContain('action="/api/v1/auth/logout"');
    expect(top).toMatch(/<nav class="main-nav"[\s\S]*href="\/developer"[^>]*>开发者中心</);

    const pub = cookieOf(await signIn('pub@example.cn'), 'kf_session')!;
    expect(header(await get('/api/docs', pub))).toMatch(/李发布[\s\S]*href="\/console"[^>]*>部门工作台</);
    const rev = cookieOf(await signIn('rev@example.cn'), 'kf_session')!;
    const revTop = header(await get('/en/stats', rev));
    expect(revTop).toContain('<span class="account-name">rev</span>');
    expect(revTop).toMatch(/href="\/en\/reviewer"[^>]*>Assessment</);
  });

  it('the API reference links the developer centre', async () => {
    expect(await get('/api/docs')).toMatch(/<main[\s\S]*href="\/developer"[^>]*>开发者中心/);
  });
});

describe('signing in', () => {
  it('goes back to a page of this site, never to another site', async () => {
    expect((await signIn('dev@example.cn', { next: '/datasets/vocational-schools' })).headers.get('location')).toBe('/datasets/vocational-schools');
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/']) {
      const nextOf = (html: string) => /name="next" value="([^"]*)"/.exec(html)![1];
      expect(nextOf(await get(`/signin?next=${encodeURIComponent(next)}`))).toBe('/account');
      expect(nextOf(await get(`/signin?return=${encodeURIComponent(next)}`))).toBe('/account');
      expect(nextOf(await get(`/signup?next=${encodeURIComponent(next)}`))).toBe('/developer');
      expect((await signIn('dev@example.cn', { next })).headers.get('location'), next).not.toContain('evil');
    }
  });

  it('with nowhere to go back to, lands on the place of the role', async () => {
    const page = await get('/en/signin');
    const next = /name="next" value="([^"]+)"/.exec(page)![1]!;
    for (const [email, home] of [['dev@example.cn', '/en/developer'], ['pub@example.cn', '/en/console'], ['rev@example.cn', '/en/reviewer']]) {
      const res = await signIn(email!, { next, from: '/en/signin' });
      const cookie = cookieOf(res, 'kf_session')!;
      const landed = await t.app.request(res.headers.get('location')!, { headers: { cookie } });
      expect(landed.status).toBe(303);
      expect(landed.headers.get('location'), email).toBe(home);
    }
  });
});

describe('creating a key', () => {
  it('answers with a redirect, shows the secret once, and a reload neither shows it nor makes another key', async () => {
    const session = cookieOf(await signIn('pub@example.cn'), 'kf_session')!;
    const count = async () => Number(await queryValue(t.db, "SELECT count(*) FROM api_keys WHERE name = 'prg key'"));
    const created = await t.app.request('/developer/keys', form({ name: 'prg key' }, { cookie: session }));
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/developer#new-key');
    expect(created.headers.get('location')).not.toContain('kf_');
    const flash = cookieOf(created, 'kf_new_key')!;
    expect(flash).toBeDefined();
    expect(await count()).toBe(1);

    const shown = await t.app.request('/developer', { headers: { cookie: `${session}; ${flash}` } });
    const html = await shown.text();
    const secret = /<code class="secret"[^>]*>(kf_[A-Za-z0-9_-]{43})</.exec(html)?.[1];
    expect(secret).toBeDefined();
    expect((await t.app.request('/api/v1/datasets/vocational-schools/records', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    // The page that showed it deleted it: the browser's reload comes without it.
    expect(shown.headers.getSetCookie().some((c) => /^kf_new_key=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    expect(await get('/developer', session)).not.toContain(secret);
    expect(await count()).toBe(1);

    // Sealed with this session: another session (or none) cannot open it.
    const other = cookieOf(await signIn('pub@example.cn'), 'kf_session')!;
    expect(await get('/developer', `${other}; ${flash}`)).not.toContain(secret);
  });
});
