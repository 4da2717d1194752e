import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from './helpers.js';
import { startPortalServer, type TestServer } from './http-server.helpers.js';
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider.js';
import { cookieOf, newJar, request, setCookieIn, throughProvider, type Jar } from './support/oidc-browser.js';
import { execute, rowsOf } from '../src/db/engine.js';
import { createUser } from '../src/auth/auth.service.js';
import { openFlow, sealFlow } from '../src/auth/oidc.flow.js';

// Unified identity against a real OpenID provider (oidc-provider) on 127.0.0.1, driven through its own login forms.

let op: TestOidcProvider;
let t: Awaited<ReturnType<typeof createTestApp>>;
let portal: TestServer;
let department: { id: string; code: string };
let accounts: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  op = await startOidcProvider(accounts = {
    alice: { name: '王丽', email: 'alice@city.example', email_verified: true },
    // The directory's department code: trusted (KAIFANG_OIDC_TRUSTED_DEPARTMENT_CLAIM=department_code).
    bob: { name: 'Bob', email: 'bob@city.example', department_code: 'DEPT' },
    carol: { name: 'Carol', email: 'carol@city.example', department_code: 'DEPT', dept_role: 'dept_admin' },
    // A claim the user can edit: never a department.
    dave: { name: 'Dave', email: 'dave@city.example', self_department: 'DEPT', dept_role: 'dept_admin' },
    // Same address as a password account: not linked to it.
    erin: { name: 'Erin', email: 'erin@city.example', email_verified: true },
    frank: { name: 'Frank', email: 'frank@city.example', department_code: 'DEPT', dept_role: 'admin' },
  });
  t = await createTestApp({
    env: {
      KAIFANG_OIDC_ISSUER: op.issuer,
      KAIFANG_OIDC_CLIENT_ID: op.clientId,
      KAIFANG_OIDC_CLIENT_SECRET: op.clientSecret,
      KAIFANG_OIDC_SCOPES: 'openid profile email department',
      KAIFANG_OIDC_CLAIMS: 'name=name,email=email,role=dept_role',
      KAIFANG_OIDC_TRUSTED_DEPARTMENT_CLAIM: 'department_code',
      KAIFANG_PASSWORD_SIGNIN: 'citizens',
      // The second factor's hand-over is tested below with its own portal.
      KAIFANG_REQUIRE_2FA: 'off',
    },
  });
  portal = await startPortalServer(t);
  op.configure({ redirectUris: [`${portal.base}/auth/oidc/callback`], postLogoutRedirectUris: [`${portal.base}/`] });
  department = (await rowsOf<{ id: string; code: string }>(t.db, sql`SELECT id, code FROM departments ORDER BY code LIMIT 1`))[0]!;
  // The provider's accounts name a department by the code the portal has (the provider reads them at each sign-in).
  for (const account of Object.values(accounts)) {
    for (const claim of ['department_code', 'self_department']) if (account[claim] === 'DEPT') account[claim] = department!.code;
  }
}, 60_000);

afterAll(async () => {
  await portal?.close();
  await op?.close();
  await t?.close();
});

const me = async (jar: Jar) => (await (await request(jar, `${portal.base}/api/v1/me`)).json()) as { id: string; email: string; name: string; role: string; department_id?: string | null; departmentId?: string | null };
const identities = (subject: string) => rowsOf<{ user_id: string; issuer: string }>(t.db, sql`SELECT user_id, issuer FROM user_identities WHERE subject = ${subject}`);
const audits = (action: string) => rowsOf<{ target: string }>(t.db, sql`SELECT target FROM audit_events WHERE action = ${action}`);

async function signIn(login: string, jar = newJar()) {
  const callback = await throughProvider(jar, `${portal.base}/auth/oidc/start?next=/developer`, login);
  const res = await request(jar, callback);
  return { res, jar, callback };
}

describe('sign-in with unified identity', () => {
  it('a first sign-in creates a citizen account linked by subject; the next one reuses it', async () => {
    const first = await signIn('alice');
    expect(first.res.status).toBe(303);
    expect(first.res.headers.get('location')).toBe('/developer');
    expect(cookieOf(first.jar, portal.base, 'kf_session')).toBeTruthy();
    const user = await me(first.jar);
    expect(user).toMatchObject({ email: 'alice@city.example', name: '王丽', role: 'user' });
    expect(await identities('alice')).toEqual([{ user_id: user.id, issuer: new URL(op.issuer).href }]);
    expect((await audits('oidc.user_provisioned')).map((a) => a.target)).toContain(`user:${user.id}`);

    const second = await signIn('alice');
    expect(second.res.status).toBe(303);
    expect((await me(second.jar)).id).toBe(user.id);
    expect(await identities('alice')).toHaveLength(1);
    expect((await audits('oidc.sign_in')).filter((a) => a.target === `user:${user.id}`)).toHaveLength(2);
  });

  it('a disabled account is refused at the callback with its reason, no session, and a failed sign-in in the audit trail', async () => {
    accounts.gina = { name: 'Gina', email: 'gina@city.example' };
    const first = await signIn('gina');
    const user = await me(first.jar);
    await execute(t.db, sql`UPDATE users SET disabled_at = ${new Date().toISOString()} WHERE id = ${user.id}`);
    const again = await signIn('gina');
    expect(again.res.status).toBe(403);
    expect(await again.res.text()).toContain('此账号已被停用');
    expect(cookieOf(again.jar, portal.base, 'kf_session')).toBeFalsy();
    expect((await audits('oidc.sign_in')).filter((a) => a.target === `user:${user.id}`)).toHaveLength(1);
    expect((await audits('oidc.sign_in_failed')).map((a) => a.target)).toContain(`user:${user.id}`);
  });

  it('shows the unified identity button on the sign-in page, in both languages', async () => {
    const zh = await (await request(newJar(), `${portal.base}/signin`)).text();
    expect(zh).toContain('使用统一身份认证登录');
    expect(zh).toContain('href="/auth/oidc/start?next=%2Faccount"');
    expect(await (await request(newJar(), `${portal.base}/en/signin`)).text()).toContain('Sign in with unified identity');
  });

  it('refuses a tampered state, a tampered nonce and a code used before, and starts no session', async () => {
    const refusedWithoutSession = async (res: Response, jar: Jar) => {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('统一身份认证登录未完成');
      expect(cookieOf(jar, portal.base, 'kf_session')).toBeUndefined();
    };
    // state
    let jar = newJar();
    let callback = new URL(await throughProvider(jar, `${portal.base}/auth/oidc/start`, 'alice'));
    callback.searchParams.set('state', 'forged-state');
    await refusedWithoutSession(await request(jar, callback.href), jar);
    expect((await audits('oidc.sign_in_failed')).length).toBeGreaterThan(0);

    // nonce: the flow cookie opened with the portal's key, its nonce changed, sealed again
    jar = newJar();
    callback = new URL(await throughProvider(jar, `${portal.base}/auth/oidc/start`, 'alice'));
    const settings = t.deps.env.oidc!;
    const flow = openFlow(settings, cookieOf(jar, portal.base, 'kf_oidc_flow'), new Date())!;
    expect(flow.nonce).toBeTruthy();
    setCookieIn(jar, portal.base, 'kf_oidc_flow', sealFlow(settings, { ...flow, nonce: 'another-nonce' }));
    await refusedWithoutSession(await request(jar, callback.href), jar);

    // a code exchanged once already (the same callback with the same flow cookie, replayed)
    jar = newJar();
    callback = new URL(await throughProvider(jar, `${portal.base}/auth/oidc/start`, 'alice'));
    const flowCookie = cookieOf(jar, portal.base, 'kf_oidc_flow')!;
    expect((await request(jar, callback.href)).status).toBe(303);
    const replay = newJar();
    setCookieIn(replay, portal.base, 'kf_oidc_flow', flowCookie);
    await refusedWithoutSession(await request(replay, callback.href), replay);

    // no flow cookie at all (another browser, or more than 10 minutes)
    await refusedWithoutSession(await request(newJar(), callback.href), newJar());
  });
});

describe('provisioning from claims', () => {
  it('the trusted department claim makes a publisher of that department, or the mapped role', async () => {
    const bob = await signIn('bob');
    expect(await me(bob.jar)).toMatchObject({ email: 'bob@city.example', role: 'publisher' });
    const [row] = await rowsOf<{ role: string; department_id: string }>(t.db, sql`SELECT role, department_id FROM users WHERE email = 'bob@city.example'`);
    expect(row).toEqual({ role: 'publisher', department_id: department.id });
    const carol = await signIn('carol');
    expect((await me(carol.jar)).role).toBe('dept_admin');
    // A role claim saying admin is not a department role: publisher.
    const frank = await signIn('frank');
    expect((await me(frank.jar)).role).toBe('publisher');
  });

  it('a department claim the user can edit is ignored; no department claim: a citizen', async () => {
    const dave = await signIn('dave');
    expect(await me(dave.jar)).toMatchObject({ email: 'dave@city.example', role: 'user' });
    const [row] = await rowsOf<{ department_id: string | null }>(t.db, sql`SELECT department_id FROM users WHERE email = 'dave@city.example'`);
    expect(row!.department_id).toBeNull();
  });

  it('never links to a password account by e-mail', async () => {
    const password = await createUser(t.db, { email: 'erin@city.example', password: 'a-long-password-1234', name: 'Erin (password)' }, new Date());
    const erin = await signIn('erin');
    const user = await me(erin.jar);
    expect(user.id).not.toBe(password.id);
    expect(user.email).not.toBe('erin@city.example');
    expect(user.name).toBe('Erin');
  });
});

describe('password sign-in and sign-out', () => {
  it('KAIFANG_PASSWORD_SIGNIN=citizens refuses the password of a department account, not of a citizen', async () => {
    await createUser(t.db, { email: 'pub@city.example', password: 'a-long-password-1234', role: 'publisher', departmentId: department.id }, new Date());
    await createUser(t.db, { email: 'citizen@city.example', password: 'a-long-password-1234' }, new Date());
    const login = (email: string) => fetch(`${portal.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: portal.base }, body: JSON.stringify({ email, password: 'a-long-password-1234' }) });
    const refused = await login('pub@city.example');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('use_unified_identity');
    expect(refused.headers.getSetCookie().join()).not.toContain('kf_session=');
    expect((await login('citizen@city.example')).status).toBe(200);
  });

  it('signing out ends the portal session, then the provider\'s (RP-initiated logout with the ID token)', async () => {
    const { jar } = await signIn('alice');
    const out = await request(jar, `${portal.base}/api/v1/auth/logout`, { form: { next: '/' }, headers: { origin: portal.base } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/auth/oidc/signout?next=%2F');
    expect((await request(jar, `${portal.base}/api/v1/me`)).status).toBe(401);
    const onward = await request(jar, `${portal.base}/auth/oidc/signout?next=%2F`);
    expect(onward.status).toBe(200);
    const end = new URL(/id="provider-signout" href="([^"]+)"/.exec(await onward.text())![1]!.replace(/&amp;/g, '&'));
    expect(end.origin).toBe(op.issuer);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${portal.base}/`);
    expect((await request(jar, end.href)).status).toBe(200);
  });
});

describe('second factor', () => {
  it('a department role that must give a second factor continues on /signin/2fa, with no session yet', async () => {
    const t2 = await createTestApp({ env: { ...Object.fromEntries(Object.entries(t.deps.env).filter(([k]) => k.startsWith('KAIFANG_OIDC_')).map(([k, v]) => [k, String(v)])), KAIFANG_OIDC_ISSUER: op.issuer, KAIFANG_REQUIRE_2FA: 'privileged' } });
    const portal2 = await startPortalServer(t2);
    try {
      op.configure({ redirectUris: [`${portal.base}/auth/oidc/callback`, `${portal2.base}/auth/oidc/callback`], postLogoutRedirectUris: [`${portal.base}/`] });
      const jar = newJar();
      const res = await request(jar, await throughProvider(jar, `${portal2.base}/auth/oidc/start`, 'carol'));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/signin/2fa');
      expect(cookieOf(jar, portal2.base, 'kf_session')).toBeUndefined();
      expect(cookieOf(jar, portal2.base, 'kf_2fa')).toBeTruthy();
      // A citizen goes straight on.
      const alice = newJar();
      expect((await request(alice, await throughProvider(alice, `${portal2.base}/auth/oidc/start`, 'alice'))).headers.get('location')).toBe('/account');
    } finally {
      await portal2.close();
      await t2.close();
    }
  });
});
