// Issue 11, items 14-16: sign-in throttling under concurrency, the client address behind a proxy,
// password rules, the registration limit, and sign-up that does not tell who has an account.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { json } from './records.helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { hashPassword } from '../src/auth/auth.password.js';
import { userAdd } from '../scripts/cli/user.js';
import { userPassword } from '../scripts/cli/user-password.js';
import { queryRow, queryRun, queryValue } from './support/db-query.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const opened: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

async function testApp(env: Record<string, string> = {}) {
  const t = await createTestApp({ datasets: ['vocational-schools'], env });
  opened.push(() => t.close());
  return t;
}

/** The app on a real HTTP server on 127.0.0.1, so requests really run side by side. */
async function liveServer(t: TestApp) {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  opened.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, ...headers }, body: JSON.stringify(body) });
  return { base, post };
}

const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code;
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
const userCount = async (t: TestApp, email: string) => (await queryValue(t.db, 'SELECT COUNT(*) FROM users WHERE email = ?', email)) as number;

describe('sign-in throttling holds under concurrency (item 14)', () => {
  it('60 parallel wrong passwords on one account, each from its own address: 10 password checks (401), 50 refused (429 with Retry-After)', async () => {
    const t = await testApp({ KAIFANG_TRUST_PROXY: '1' });
    await createUser(t.db, { email: 'target@example.com', password: 'correct horse battery' }, new Date());
    const { post } = await liveServer(t);
    // Distinct client addresses, so only the per-account limit is in play.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => post('/api/v1/auth/login', { email: 'target@example.com', password: `wrong guess ${i}` }, { 'x-forwarded-for': `198.51.100.${i + 1}` })),
    );
    // A 401 is a password that was checked; a 429 was refused before any check.
    expect(tally(answers.map((r) => r.status))).toEqual({ 401: 10, 429: 50 });
    for (const res of answers.filter((r) => r.status === 429)) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(await codeOf(res)).toBe('too_many_attempts');
    }
    const right = await post('/api/v1/auth/login', { email: 'target@example.com', password: 'correct horse battery' }, { 'x-forwarded-for': '198.51.100.200' });
    expect(right.status).toBe(429);
  });

  it('60 parallel wrong passwords on 60 accounts from one address: 10 checks, the rest 429', async () => {
    const t = await testApp();
    const { post } = await liveServer(t);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post('/api/v1/auth/login', { email: `spray${i}@example.com`, password: 'password guess' })));
    expect(tally(answers.map((r) => r.status))).toEqual({ 401: 10, 429: 50 });
  });

  it('a right password is not counted as a failure, even when it arrives with wrong ones', async () => {
    const t = await testApp();
    await createUser(t.db, { email: 'owner@example.com', password: 'correct horse battery' }, new Date());
    const { post } = await liveServer(t);
    const answers = await Promise.all([
      ...Array.from({ length: 9 }, (_, i) => post('/api/v1/auth/login', { email: `other${i}@example.com`, password: 'password guess' })),
      post('/api/v1/auth/login', { email: 'owner@example.com', password: 'correct horse battery' }),
    ]);
    expect(answers.at(-1)!.status).toBe(200);
    // 9 failures from this address: one more check is allowed, the next is not.
    expect((await post('/api/v1/auth/login', { email: 'x@example.com', password: 'password guess' })).status).toBe(401);
    expect((await post('/api/v1/auth/login', { email: 'y@example.com', password: 'password guess' })).status).toBe(429);
  });
});

describe('the client address behind a proxy (item 15)', () => {
  const login = (t: TestApp, email: string, password: string, forwardedFor: string) =>
    t.app.request('/api/v1/auth/login', json({ email, password }, { 'x-forwarded-for': forwardedFor }), fromIp('10.0.0.1'));

  it('with KAIFANG_TRUST_PROXY=1, one client locked out through the proxy does not lock out another', async () => {
    const t = await testApp({ KAIFANG_TRUST_PROXY: '1' });
    await createUser(t.db, { email: 'bystander@example.com', password: 'correct horse battery' }, new Date());
    for (let i = 0; i < 10; i++) expect((await login(t, `spray${i}@example.com`, 'password guess', '198.51.100.7')).status).toBe(401);
    expect((await login(t, 'spray10@example.com', 'password guess', '198.51.100.7')).status).toBe(429);
    expect((await login(t, 'bystander@example.com', 'correct horse battery', '198.51.100.8')).status).toBe(200);
  });

  it('counts the address the proxy saw (the last X-Forwarded-For entry), so a client cannot dodge the limit by sending its own', async () => {
    const t = await testApp({ KAIFANG_TRUST_PROXY: '1' });
    for (let i = 0; i < 10; i++) expect((await login(t, `spray${i}@example.com`, 'password guess', `203.0.113.${i}, 198.51.100.7`)).status).toBe(401);
    expect((await login(t, 'spray10@example.com', 'password guess', '203.0.113.99, 198.51.100.7')).status).toBe(429);
  });

  it('limits IPv6 clients per /64, since each holds a whole /64 to pick addresses from', async () => {
    const t = await testApp({ KAIFANG_TRUST_PROXY: '1' });
    for (let i = 0; i < 10; i++) expect((await login(t, `spray${i}@example.com`, 'password guess', `2001:db8:1:2::${i + 1}`)).status).toBe(401);
    expect((await login(t, 'spray10@example.com', 'password guess', '2001:db8:1:2:ffff:1:2:3')).status).toBe(429);
    expect((await login(t, 'spray11@example.com', 'password guess', '2001:db8:1:3::1')).status).toBe(401);
  });

  it('without KAIFANG_TRUST_PROXY, X-Forwarded-For is ignored: the socket address is the client', async () => {
    const t = await testApp();
    await createUser(t.db, { email: 'bystander@example.com', password: 'correct horse battery' }, new Date());
    for (let i = 0; i < 10; i++) expect((await login(t, `spray${i}@example.com`, 'password guess', `198.51.100.${i}`)).status).toBe(401);
    expect((await login(t, 'bystander@example.com', 'correct horse battery', '198.51.100.8')).status).toBe(429);
  });
});

describe('passwords (item 16)', () => {
  const register = (t: TestApp, email: string, password: string, ip = '192.0.2.1') => t.app.request('/api/v1/auth/register', json({ email, password }), fromIp(ip));

  it('refuses short, blank and common passwords with 422 and a field error, and creates nothing', async () => {
    const t = await testApp();
    const cases = [
      ['abcdefghi', 'password_too_short'],
      ['          ', 'password_blank'],
      ['', 'password_blank'],
      ['1234567890', 'password_too_common'],
      ['QwertyUiop', 'password_too_common'],
      ['WoAiNi1314', 'password_too_common'],
      ['5201314520', 'password_too_common'],
    ] as const;
    for (const [password, code] of cases) {
      const res = await register(t, 'weak@example.com', password);
      expect(res.status, password).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { code: string; detail: string; errors: { field: string; message: string }[] };
      expect(body.code, password).toBe(code);
      expect(body.errors[0]!.field).toBe('password');
      expect(body.detail).toMatch(/password/i);
    }
    expect(await userCount(t, 'weak@example.com')).toBe(0);
    // Ten characters are enough, counted as characters: ten 汉字 pass.
    expect((await register(t, 'ok@example.com', 'kaifang-portal')).status).toBe(202);
    expect((await register(t, 'zh@example.com', '我的密码不告诉你哦')).status).toBe(422);
    expect((await register(t, 'zh@example.com', '我的密码谁也不告诉你')).status).toBe(202);
    // An account made under the old 8-character rule still signs in with its password.
    (await queryRun(t.db, "INSERT INTO users (id, email, password_hash, name, role, created_at) VALUES ('u_old', 'old@example.com', ?, 'old', 'user', '2025-01-01')", await hashPassword('8charsok')));
    expect((await t.app.request('/api/v1/auth/login', json({ email: 'old@example.com', password: '8charsok' }), fromIp('192.0.2.1'))).status).toBe(200);
  });

  it('the sign-up form returns to the page, which says why in Chinese and English', async () => {
    const t = await testApp();
    for (const [from, text] of [['/signup', '这个密码太常见'], ['/en/signup', 'one of the most common']] as const) {
      const res = await t.app.request('/api/v1/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: new URLSearchParams({ email: 'form@example.com', password: 'iloveyou1314', from }).toString(),
      });
      expect(res.status).toBe(303);
      const location = res.headers.get('location')!;
      expect(location).toBe(`${from}?error=password_too_common`);
      expect(await (await t.app.request(location)).text()).toContain(text);
    }
    const zh = await (await t.app.request('/signup?error=password_too_short')).text();
    expect(zh).toContain('至少需要 10 个字符');
    expect(zh).toContain('minlength="10"');
  });

  it('user add refuses a weak password; user password sets a new one and ends the sessions', async () => {
    const t = await testApp();
    const quiet = { db: t.db, print: () => {} };
    await expect(userAdd(['--email', 'staff@example.com', '--password', '12345678', '--role', 'user'], quiet)).rejects.toThrow(/at least 10 characters/);
    await expect(userAdd(['--email', 'staff@example.com', '--password', 'Password123', '--role', 'user'], quiet)).rejects.toThrow(/most common/);
    await userAdd(['--email', 'staff@example.com', '--password', 'first password', '--role', 'user'], quiet);
    const signIn = (password: string) => t.app.request('/api/v1/auth/login', json({ email: 'staff@example.com', password }), fromIp('192.0.2.9'));
    const cookie = (await signIn('first password')).headers.get('set-cookie')!.split(';')[0]!;
    await expect(userPassword(['--email', 'staff@example.com', '--password', 'qwertyuiop'], quiet)).rejects.toThrow(/most common/);
    await userPassword(['--email', 'staff@example.com', '--password', 'second password'], quiet);
    expect((await t.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect((await signIn('first password')).status).toBe(401);
    expect((await signIn('second password')).status).toBe(200);
  });
});

describe('registration (item 16)', () => {
  const register = (t: TestApp, email: string, ip: string, password = 'correct horse battery') =>
    t.app.request('/api/v1/auth/register', json({ email, password }), fromIp(ip));

  it('allows 5 registrations an hour per client address, then 429 with Retry-After; other addresses go on', async () => {
    const t = await testApp();
    let now = Date.parse('2026-03-10T10:00:00Z');
    t.deps.now = () => new Date(now);
    for (let i = 0; i < 5; i++) expect((await register(t, `bulk${i}@example.com`, '192.0.2.50')).status).toBe(202);
    const refused = await register(t, 'bulk5@example.com', '192.0.2.50');
    expect(refused.status).toBe(429);
    expect(await codeOf(refused)).toBe('too_many_registrations');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await userCount(t, 'bulk5@example.com')).toBe(0);
    expect((await register(t, 'neighbour@example.com', '192.0.2.51')).status).toBe(202);
    now += 60 * 60_000;
    expect((await register(t, 'bulk5@example.com', '192.0.2.50')).status).toBe(202);
  });

  it('holds under concurrency and behind a proxy: 20 parallel sign-ups from one client create 5 accounts', async () => {
    const t = await testApp({ KAIFANG_TRUST_PROXY: '1' });
    const { post } = await liveServer(t);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post('/api/v1/auth/register', { email: `rush${i}@example.com`, password: 'correct horse battery' }, { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.9` })),
    );
    expect(tally(answers.map((r) => r.status))).toEqual({ 202: 5, 429: 15 });
    expect((await queryValue(t.db, "SELECT COUNT(*) FROM users WHERE email LIKE 'rush%'"))).toBe(5);
    expect((await post('/api/v1/auth/register', { email: 'other@example.com', password: 'correct horse battery' }, { 'x-forwarded-for': '198.51.100.10' })).status).toBe(202);
  });

  it('answers a registered address exactly as a new one, takes as long, and leaves the account unchanged', async () => {
    const t = await testApp();
    await createUser(t.db, { email: 'known@example.com', password: 'the owners password', name: 'Owner' }, new Date());
    const before = (await queryRow(t.db, "SELECT * FROM users WHERE email = 'known@example.com'"));
    const shape = async (res: Response) => ({ status: res.status, cookie: res.headers.get('set-cookie'), type: res.headers.get('content-type'), body: await res.json() });

    const fresh = await shape(await register(t, 'fresh@example.com', '192.0.2.60', 'an attackers guess'));
    const known = await shape(await register(t, 'KNOWN@example.com', '192.0.2.61', 'an attackers guess'));
    expect(known).toEqual(fresh);
    expect(fresh.status).toBe(202);
    expect(fresh.cookie).toBeNull();
    expect((await queryRow(t.db, "SELECT * FROM users WHERE email = 'known@example.com'"))).toEqual(before);
    const signIn = (email: string, password: string) => t.app.request('/api/v1/auth/login', json({ email, password }), fromIp('192.0.2.62'));
    expect((await signIn('known@example.com', 'an attackers guess')).status).toBe(401);
    expect((await signIn('known@example.com', 'the owners password')).status).toBe(200);
    expect((await signIn('fresh@example.com', 'an attackers guess')).status).toBe(200);

    // Both hash the password (without it, a registered address answered ~30x faster). Interleaved, so load on
    // the machine affects both alike; the bounds are loose because a busy CI machine is noisy.
    const timings: Record<'fresh' | 'known', number[]> = { fresh: [], known: [] };
    for (let i = 0; i < 9; i++) {
      for (const kind of ['fresh', 'known'] as const) {
        const started = performance.now();
        const res = await register(t, kind === 'fresh' ? `new${i}@example.com` : 'known@example.com', `192.0.2.${70 + i}`);
        timings[kind].push(performance.now() - started);
        expect(res.status).toBe(202);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(timings.known), JSON.stringify(timings)).toBeGreaterThan(median(timings.fresh) / 3);
    expect(median(timings.known), JSON.stringify(timings)).toBeLessThan(median(timings.fresh) * 3);
  });

  it('the sign-up form goes on to the sign-in page, which says the account is ready (zh and en)', async () => {
    const t = await testApp();
    for (const [lang, text] of [['', '请用刚才设置的密码登录'], ['/en', 'sign in with the password you just chose']] as const) {
      const res = await t.app.request(
        '/api/v1/auth/register',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
          body: new URLSearchParams({ email: `page${lang.length}@example.com`, password: 'correct horse battery', from: `${lang}/signup`, next: `${lang}/developer` }).toString(),
        },
        fromIp('192.0.2.90'),
      );
      expect(res.status).toBe(303);
      const location = res.headers.get('location')!;
      expect(location).toBe(`${lang}/signin?registered=1&next=${encodeURIComponent(`${lang}/developer`)}`);
      const page = await (await t.app.request(location)).text();
      expect(page).toContain(text);
      expect(page).toContain(`name="next" value="${lang}/developer"`);
    }
  });
});
