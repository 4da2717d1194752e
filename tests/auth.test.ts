// Accounts and sessions: register, sign in and out, sliding expiry, CSRF, throttling, the HTML forms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { json, signUp } from './records.helpers.js';
import { queryRow, queryValue, queryValues } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let now = Date.parse('2026-03-10T10:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ datasets: ['vocational-schools'] });
  t.deps.now = () => new Date(now);
});
afterAll(() => t.close());

const day = 86400_000;
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const me = (cookie: string) => t.app.request('/api/v1/me', { headers: { cookie } });
const login = (email: string, password: string, ip = '10.0.0.1') => t.app.request('/api/v1/auth/login', json({ email, password }), fromIp(ip));
const register = (body: Record<string, unknown>, ip = '10.0.0.2', extra: Record<string, string> = {}, url = '/api/v1/auth/register') => t.app.request(url, json(body, extra), fromIp(ip));

describe('accounts', () => {
  it('registers with a hashed password; signing in sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const reg = await register({ email: 'Alice@Example.com', password: 'correct horse battery', name: '爱丽丝' });
    expect(reg.status).toBe(202);
    expect(reg.headers.get('set-cookie')).toBeNull();
    const res = await login('alice@example.com', 'correct horse battery');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: Record<string, unknown>; expires_at: string };
    expect(body.user).toMatchObject({ email: 'alice@example.com', name: '爱丽丝', role: 'user', department_id: null });
    expect(body.expires_at).toBe(new Date(now + 30 * day).toISOString());
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kf_session=[a-z2-7]{16}\.[a-z2-7]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');

    const user = (await queryRow(t.db, 'SELECT password_hash FROM users WHERE email = ?', 'alice@example.com')) as { password_hash: string };
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain('correct horse');
    const token = cookie.split(';')[0]!.slice('kf_session='.length);
    const [id, secret] = token.split('.');
    const stored = (await queryValues(t.db, 'SELECT id_hash FROM sessions')) as string[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(new RegExp(`^${id}\\.[0-9a-f]{64}$`));
    expect(stored[0]).not.toContain(secret);

    const who = await me(cookie.split(';')[0]!);
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ email: 'alice@example.com', role: 'user' });
  });

  it('sets Secure on the cookie except over plain http on localhost', async () => {
    expect((await register({ email: 'secure@example.com', password: 'correct horse battery' })).status).toBe(202);
    const res = await t.app.request('https://data.mas.gov.cn/api/v1/auth/login', json({ email: 'secure@example.com', password: 'correct horse battery' }, { origin: 'https://data.mas.gov.cn' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('refuses bad input with problem+json', async () => {
    for (const body of [{ email: 'not-an-email', password: 'long enough' }, { email: 'a@b.cn' }]) {
      const res = await register(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await register({ email: 'a@b.cn', password: 'short' })).status).toBe(422);
    const broken = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(broken.status).toBe(400);
    const text = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });

  it('signs in, signs out, and the old cookie stops working', async () => {
    const wrong = await login('alice@example.com', 'wrong password');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('invalid_credentials');
    const unknown = await login('nobody@example.com', 'whatever123');
    expect(unknown.status).toBe(401);
    const ok = await login('ALICE@example.com', 'correct horse battery');
    expect(ok.status).toBe(200);
    const cookie = cookieOf(ok);
    expect((await me(cookie)).status).toBe(200);
    const out = await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/kf_session=;.*Max-Age=0/);
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { code: string }).code).toBe('unauthenticated');
  });

  it('extends a session used in its second half (sliding expiry) and ends an idle one after 30 days', async () => {
    const cookie = await signUp(t.app, 'slide@example.com');
    const stored = async () => (await queryValue(t.db, "SELECT expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'slide@example.com'")) as number;
    const first = await stored();
    now += 10 * day;
    const early = await me(cookie);
    expect(early.headers.get('set-cookie')).toBeNull();
    expect(await stored()).toBe(first);
    now += 6 * day;
    const late = await me(cookie);
    expect(late.status).toBe(200);
    expect(late.headers.get('set-cookie')).toContain('kf_session=');
    expect(await stored()).toBe(now + 30 * day);
    now += 31 * day;
    expect((await me(cookie)).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses unsafe requests carrying the session cookie unless they come from this origin', async () => {
    const cookie = await signUp(t.app, 'csrf@example.com');
    const post = (headers: Record<string, string>) => t.app.request('/api/v1/me/keys', { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify({ name: 'k' }) });
    const evil = await post({ origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { code: string }).code).toBe('csrf');
    expect((await post({})).status).toBe(403);
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await post({ origin: 'http://localhost' })).status).toBe(201);
    const logout = await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(logout.status).toBe(403);
    expect((await me(cookie)).status).toBe(200);
    // Sign-in from another site (login CSRF) is refused too.
    expect((await t.app.request('/api/v1/auth/login', json({ email: 'csrf@example.com', password: 'correct horse battery' }, { origin: 'https://evil.example' }))).status).toBe(403);
  });
});

describe('login throttling', () => {
  it('answers 429 after 10 failures in 15 minutes for an account, even with the right password, until the window passes', async () => {
    await signUp(t.app, 'victim@example.com');
    for (let i = 0; i < 10; i++) expect((await login('victim@example.com', 'guess-number-' + i, `10.1.0.${i}`)).status).toBe(401);
    const blocked = await login('victim@example.com', 'correct horse battery', '10.9.9.9');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await blocked.json()) as { code: string }).code).toBe('too_many_attempts');
    now += 15 * 60_000;
    expect((await login('victim@example.com', 'correct horse battery', '10.9.9.9')).status).toBe(200);
  });

  it('answers 429 after 10 failures in 15 minutes from one address, across accounts; other addresses are unaffected', async () => {
    await signUp(t.app, 'bystander@example.com');
    for (let i = 0; i < 10; i++) expect((await login(`spray${i}@example.com`, 'password123', '192.0.2.7')).status).toBe(401);
    expect((await login('bystander@example.com', 'correct horse battery', '192.0.2.7')).status).toBe(429);
    expect((await login('bystander@example.com', 'correct horse battery', '192.0.2.8')).status).toBe(200);
  });
});

describe('pages', () => {
  const form = (fields: Record<string, string>, extra: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...extra },
    body: new URLSearchParams(fields).toString(),
  });

  it('sign-up, sign-in and developer pages render in both languages', async () => {
    for (const [path, text] of [['/signup', '注册'], ['/en/signup', 'Create a developer account'], ['/signin', '登录'], ['/en/signin', 'Sign in'], ['/developer', '开发者中心'], ['/en/developer', 'Developer centre']] as const) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).toContain(path.startsWith('/en') ? 'lang="en"' : 'lang="zh-CN"');
    }
  });

  it('the forms post to the API and are answered with redirects; the developer centre creates a key shown once', async () => {
    const reg = await t.app.request('/api/v1/auth/register', form({ email: 'form@example.com', password: 'form password', next: '/en/developer', from: '/en/signup' }), fromIp('10.0.0.3'));
    expect(reg.status).toBe(303);
    expect(reg.headers.get('location')).toBe('/en/signin?registered=1&next=%2Fen%2Fdeveloper');
    const signedIn = await t.app.request('/api/v1/auth/login', form({ email: 'form@example.com', password: 'form password', next: '/en/developer', from: '/en/signin' }));
    expect(signedIn.headers.get('location')).toBe('/en/developer');
    const cookie = cookieOf(signedIn);
    // The same address again: the same redirect, so the form does not tell who has an account.
    const again = await t.app.request('/api/v1/auth/register', form({ email: 'form@example.com', password: 'form password', next: '/en/developer', from: '/en/signup' }), fromIp('10.0.0.3'));
    expect(again.headers.get('location')).toBe(reg.headers.get('location'));
    const bad = await t.app.request('/api/v1/auth/login', form({ email: 'form@example.com', password: 'nope nope', from: '/signin', next: 'https://evil.example/' }));
    expect(bad.headers.get('location')).toBe('/signin?error=invalid_credentials');
    const offsite = await t.app.request('/api/v1/auth/login', form({ email: 'form@example.com', password: 'form password', next: '//evil.example/' }));
    expect(offsite.headers.get('location')).toBe('/developer');

    const created = await t.app.request('/developer/keys', form({ name: '我的应用' }, { cookie }));
    expect(created.status).toBe(303); // post-redirect-get: the secret is on the page it leads to, once
    const flash = created.headers.getSetCookie().find((c) => c.startsWith('kf_new_key='))!.split(';')[0]!;
    const html = await (await t.app.request(created.headers.get('location')!, { headers: { cookie: `${cookie}; ${flash}` } })).text();
    const secret = /kf_[A-Za-z0-9_-]{43}/.exec(html)![0];
    expect(html).toContain('curl -H');
    expect((await t.app.request('/api/v1/datasets/vocational-schools/records', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    const page = await (await t.app.request('/developer', { headers: { cookie } })).text();
    expect(page).toContain('我的应用');
    expect(page).toContain(`kf_${secret.slice(3, 11)}`);
    expect(page).not.toContain(secret);

    const keyId = (await queryValue(t.db, "SELECT id FROM api_keys WHERE name = '我的应用'")) as string;
    const revoked = await t.app.request(`/developer/keys/${keyId}/revoke`, form({}, { cookie }));
    expect(revoked.status).toBe(303);
    expect((await t.app.request('/api/v1/datasets/vocational-schools/records', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    const crossSite = await t.app.request('/developer/keys', form({ name: 'x' }, { cookie, origin: 'https://evil.example' }));
    expect(crossSite.status).toBe(403);
  });
});
