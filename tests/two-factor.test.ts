// Issue 18, two factors for privileged roles: TOTP enrolment with the secret the portal shows, the code at sign-in,
// no replay of a used step, throttled wrong codes, single-use recovery codes, and who is asked at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { decodeBase32 } from '../src/auth/auth.totp.js';
import { secondFactorRequired } from '../src/auth/index.js';
import { queryValue, queryValues } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let clock = Date.UTC(2026, 5, 1, 8, 0, 0);
const password = 'correct horse battery';
beforeAll(async () => {
  t = await createTestApp({ datasets: [], env: { KAIFANG_REQUIRE_2FA: 'privileged' } });
  t.deps.now = () => new Date(clock);
  for (const [email, role] of [['pub@example.cn', 'publisher'], ['rev@example.cn', 'reviewer'], ['citizen@example.cn', 'user'], ['slow@example.cn', 'publisher']] as const) {
    await createUser(t.db, { email, password, role }, new Date());
  }
});
afterAll(() => t.close());

const step = () => Math.floor(clock / 30_000);
const codeAt = (secret: string, s: number) => generateHOTP(decodeBase32(secret), BigInt(s), 6);
const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`))?.split(';')[0];
const post = (path: string, body: unknown, cookie = '', ip = '10.0.0.1') =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', cookie }, body: JSON.stringify(body) }, fromIp(ip));
const login = (email: string, ip?: string) => post('/api/v1/auth/login', { email, password }, '', ip);
const me = async (session: string | undefined) => (await t.app.request('/api/v1/me', { headers: { cookie: session ?? '' } })).status;
const auditCount = async (action: string, userId: string) =>
  Number(await queryValue(t.db, 'SELECT COUNT(*) FROM audit_events WHERE action = ? AND target = ?', action, `user:${userId}`));

describe('two-factor sign-in (KAIFANG_REQUIRE_2FA=privileged)', () => {
  let secret = '';
  let recovery: string[] = [];
  let pubId = '';

  it('sends a publisher without a second factor to enrol: a QR code and the secret in text, then the first code starts the session', async () => {
    const first = await login('pub@example.cn');
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'second_factor_required', second_factor: 'enrol' });
    expect(cookieOf(first, 'kf_session')).toBeUndefined();
    const challenge = cookieOf(first, 'kf_2fa')!;
    const page = await (await t.app.request('/en/signin/2fa', { headers: { cookie: challenge } })).text();
    expect(page).toContain('must sign in with two factors');
    expect(page).toMatch(/<svg[^>]*>[\s\S]*<path/);
    secret = /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(page)![1]!;
    expect(secret).toHaveLength(32);

    expect((await post('/api/v1/auth/2fa/verify', { code: '123456' }, challenge)).status).toBe(409);
    expect((await post('/api/v1/auth/2fa/confirm', { code: '000000' === codeAt(secret, step()) ? '111111' : '000000' }, challenge)).status).toBe(401);
    const confirmed = await post('/api/v1/auth/2fa/confirm', { code: codeAt(secret, step()) }, challenge);
    expect(confirmed.status).toBe(200);
    recovery = ((await confirmed.json()) as { recovery_codes: string[] }).recovery_codes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    expect(await me(cookieOf(confirmed, 'kf_session'))).toBe(200);
    pubId = String(await queryValue(t.db, "SELECT id FROM users WHERE email = 'pub@example.cn'"));
    expect(await auditCount('auth.2fa_enrolled', pubId)).toBe(1);
    expect(await auditCount('auth.2fa_failed', pubId)).toBe(1);
    // Only hashes at rest: neither the secret nor a recovery code is in the database as typed.
    const stored = await queryValues<string>(t.db, 'SELECT secret FROM user_totp UNION ALL SELECT code_hash FROM recovery_codes');
    expect(stored.join(' ')).not.toContain(secret);
    expect(stored.join(' ')).not.toContain(recovery[0]!.replace(/-/g, ''));
  });

  it('asks for the code at the next sign-in; the step used once is refused, the next one signs in and is then refused too', async () => {
    const first = await login('pub@example.cn');
    expect(await first.json()).toEqual({ status: 'second_factor_required', second_factor: 'verify' });
    const challenge = cookieOf(first, 'kf_2fa')!;
    const replayed = await post('/api/v1/auth/2fa/verify', { code: codeAt(secret, step()) }, challenge);
    expect(replayed.status).toBe(401);
    expect(cookieOf(replayed, 'kf_session')).toBeUndefined();
    clock += 30_000;
    const ok = await post('/api/v1/auth/2fa/verify', { code: codeAt(secret, step()) }, challenge);
    expect(ok.status).toBe(200);
    expect(await me(cookieOf(ok, 'kf_session'))).toBe(200);

    const again = cookieOf(await login('pub@example.cn'), 'kf_2fa')!;
    expect((await post('/api/v1/auth/2fa/verify', { code: codeAt(secret, step()) }, again)).status).toBe(401);
    // Without the challenge (no password first) a right code opens nothing.
    clock += 30_000;
    expect((await post('/api/v1/auth/2fa/verify', { code: codeAt(secret, step()) })).status).toBe(401);
  });

  it('a recovery code signs in once', async () => {
    const challenge = cookieOf(await login('pub@example.cn'), 'kf_2fa')!;
    const used = await post('/api/v1/auth/2fa/verify', { code: recovery[3]!.toUpperCase() }, challenge);
    expect(used.status).toBe(200);
    expect(await auditCount('auth.recovery_code_used', pubId)).toBe(1);
    const second = cookieOf(await login('pub@example.cn'), 'kf_2fa')!;
    expect((await post('/api/v1/auth/2fa/verify', { code: recovery[3]! }, second)).status).toBe(401);
    expect((await post('/api/v1/auth/2fa/verify', { code: recovery[4]! }, second)).status).toBe(200);
  });

  it('throttles wrong codes like passwords: after 10 in 15 minutes even the right code waits', async () => {
    const challenge = cookieOf(await login('pub@example.cn', '10.0.0.9'), 'kf_2fa')!;
    const right = codeAt(secret, step());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < 10; i++) expect((await post('/api/v1/auth/2fa/verify', { code: wrong }, challenge, '10.0.0.9')).status).toBe(401);
    const blocked = await post('/api/v1/auth/2fa/verify', { code: right }, challenge, '10.0.0.9');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock += 16 * 60_000;
    const later = cookieOf(await login('pub@example.cn', '10.0.0.9'), 'kf_2fa')!;
    expect((await post('/api/v1/auth/2fa/verify', { code: codeAt(secret, step()) }, later, '10.0.0.9')).status).toBe(200);
  });

  it('the sign-in form of a reviewer without two factors goes to the enrolment page; a citizen signs in with the password alone', async () => {
    const form = await t.app.request('/api/v1/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ email: 'rev@example.cn', password, next: '/reviewer', from: '/signin' }).toString(),
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/signin/2fa');
    expect(cookieOf(form, 'kf_session')).toBeUndefined();
    const page = await (await t.app.request('/signin/2fa', { headers: { cookie: cookieOf(form, 'kf_2fa')! } })).text();
    expect(page).toContain('您的账号角色必须使用两步验证登录');

    const citizen = await login('citizen@example.cn');
    expect(citizen.status).toBe(200);
    expect(await me(cookieOf(citizen, 'kf_session'))).toBe(200);
  });

  it('a citizen may turn it on at /account/2fa and off again with a current code; a publisher may not turn it off', async () => {
    const session = cookieOf(await login('citizen@example.cn'), 'kf_session')!;
    const page = await (await t.app.request('/account/2fa', { headers: { cookie: session } })).text();
    const own = /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(page)![1]!;
    expect((await post('/api/v1/auth/2fa/confirm', { code: codeAt(own, step()) }, session)).status).toBe(200);
    expect((await login('citizen@example.cn')).status).toBe(202);
    clock += 30_000;
    expect((await post('/api/v1/auth/2fa/disable', { code: codeAt(own, step()) }, session)).status).toBe(204);
    expect((await login('citizen@example.cn')).status).toBe(200);

    const pub = cookieOf(await post('/api/v1/auth/2fa/verify', { code: recovery[5]! }, cookieOf(await login('pub@example.cn'), 'kf_2fa')!), 'kf_session')!;
    clock += 30_000;
    expect((await post('/api/v1/auth/2fa/disable', { code: codeAt(secret, step()) }, pub)).status).toBe(409);
  });

  it('admins always need two factors; the other privileged roles per KAIFANG_REQUIRE_2FA; citizens never', () => {
    expect(secondFactorRequired({ KAIFANG_REQUIRE_2FA: 'off' }, 'admin')).toBe(true);
    expect(secondFactorRequired({ KAIFANG_REQUIRE_2FA: 'off' }, 'publisher')).toBe(false);
    for (const role of ['publisher', 'dept_admin', 'reviewer', 'admin']) expect(secondFactorRequired({ KAIFANG_REQUIRE_2FA: 'privileged' }, role)).toBe(true);
    expect(secondFactorRequired({ KAIFANG_REQUIRE_2FA: 'privileged' }, 'user')).toBe(false);
  });
});
