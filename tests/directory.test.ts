// Department directory (issue 18): invites, roles within a department, disabling (sessions and keys refused at
// once), "my sessions", and every new endpoint's role matrix with its audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createKey, json } from './records.helpers.js';
import { createSession, createUser } from '../src/auth/index.js';
import { loadCatalog } from '../datasets/index.js';
import { queryRow, queryValue, queryValues } from './support/db-query.js';

const open = loadCatalog().datasets.find((d) => d.open_type === 'open' && d.rows < 500)!;
const recordsUrl = `/api/v1/datasets/${open.id}/records?limit=1`;
const password = 'correct horse battery';

let t: Awaited<ReturnType<typeof createTestApp>>;
let now = Date.parse('2026-05-04T09:00:00Z');
let own: string;
let other: string;
let addresses = 0;

type Who = 'anonymous' | 'user' | 'publisher' | 'dept_admin' | 'dept_admin_other' | 'reviewer' | 'admin';
const cookies = {} as Record<Who, string>;
const ids = {} as Record<Who, string>;

async function signIn(email: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'): Promise<string> {
  const n = ++addresses;
  const res = await t.app.request('/api/v1/auth/login', json({ email, password }, { 'user-agent': userAgent }), { incoming: { socket: { remoteAddress: `100.70.${n >> 8}.${n & 255}` } } });
  if (res.status !== 200) throw new Error(`sign in ${email}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Privileged roles must give a second factor at sign-in (KAIFANG_REQUIRE_2FA): their sessions are made directly. */
async function person(email: string, role: string, departmentId: string | null): Promise<{ id: string; cookie: string }> {
  const user = await createUser(t.db, { email, password, role: role as 'user', departmentId }, new Date(now));
  return { id: user.id, cookie: `kf_session=${(await createSession(t.db, user.id, new Date(now))).token}` };
}

const call = (method: string, path: string, cookie?: string, body?: unknown) =>
  t.app.request(path, { method, headers: { 'content-type': 'application/json', origin: 'http://localhost', ...(cookie ? { cookie } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const me = async (cookie: string) => (await t.app.request('/api/v1/me', { headers: { cookie } })).status;
const auditCount = async (action: string, actor: string | null) => Number(await queryValue(t.db, 'SELECT COUNT(*) FROM audit_events WHERE action = ? AND actor IS NOT DISTINCT FROM ?', action, actor));

beforeAll(async () => {
  t = await createTestApp({ datasets: [open.id] });
  t.deps.now = () => new Date(now);
  [own, other] = (await queryValues<string>(t.db, 'SELECT id FROM departments ORDER BY id')).slice(0, 2) as [string, string];
  const people: [Who, string, string | null][] = [
    ['user', 'user', null], ['publisher', 'publisher', own], ['dept_admin', 'dept_admin', own], ['dept_admin_other', 'dept_admin', other], ['reviewer', 'reviewer', null], ['admin', 'admin', null],
  ];
  for (const [who, role, dept] of people) ({ id: ids[who], cookie: cookies[who] } = await person(`${who}@dir.example`, role, dept));
});
afterAll(() => t.close());

describe('department directory: role matrix', () => {
  // Each endpoint acts on a member of `own`; rows: anonymous, user, publisher, dept_admin (own), dept_admin (other), reviewer, admin.
  const expected = (ok: number, deptAdmin = ok): Record<Who, number> => ({ anonymous: 401, user: 403, publisher: 403, dept_admin: deptAdmin, dept_admin_other: 403, reviewer: 403, admin: ok });
  it('every new endpoint answers each role as the policy says, and each success writes exactly one audit row', async () => {
    const target = await person('matrix-target@dir.example', 'publisher', own);
    const endpoints: [string, string, () => string, unknown, Record<Who, number>, string | null][] = [
      ['GET', 'list users', () => `/api/v1/departments/${own}/users`, undefined, expected(200), null],
      ['POST', 'invite', () => `/api/v1/departments/${own}/invites`, { role: 'publisher' }, expected(201), 'users.invited'],
      ['POST', 'set role', () => `/api/v1/users/${target.id}/role`, { role: 'publisher' }, expected(200), 'users.role_changed'],
      ['POST', 'disable', () => `/api/v1/users/${target.id}/disable`, undefined, expected(200), 'users.disabled'],
      ['POST', 'enable', () => `/api/v1/users/${target.id}/enable`, undefined, expected(200), 'users.enabled'],
      ['POST', 'reset 2FA', () => `/api/v1/users/${target.id}/2fa/reset`, undefined, expected(200), 'auth.2fa_reset'],
      ['POST', 'end all sessions', () => `/api/v1/users/${target.id}/sessions/end-all`, undefined, expected(200, 403), 'sessions.ended_all'],
    ];
    const got: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const [method, name, path, body, statuses, action] of endpoints) {
      got[name] = {};
      want[name] = statuses;
      for (const who of Object.keys(statuses) as Who[]) {
        const actor = who === 'anonymous' ? null : ids[who];
        const before = action ? await auditCount(action, actor) : 0;
        const res = await call(method, path(), who === 'anonymous' ? undefined : cookies[who], body);
        got[name][who] = res.status;
        if (action) expect(await auditCount(action, actor) - before, `${name} by ${who}`).toBe(res.status < 300 ? 1 : 0);
        if (action && res.status < 300) {
          const row = await queryRow<{ target: string }>(t.db, 'SELECT target FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1', action);
          expect(row!.target).toBe(name === 'invite' ? `department:${own}` : `user:${target.id}`);
        }
      }
    }
    expect(got).toEqual(want);
  });

  it('a department admin cannot see or invite into another department, nor promote anyone to admin or reviewer', async () => {
    expect((await call('GET', `/api/v1/departments/${other}/users`, cookies.dept_admin)).status).toBe(403);
    expect((await call('POST', `/api/v1/departments/${other}/invites`, cookies.dept_admin, { role: 'publisher' })).status).toBe(403);
    const member = await person('promote@dir.example', 'publisher', own);
    for (const role of ['admin', 'reviewer']) expect((await call('POST', `/api/v1/users/${member.id}/role`, cookies.dept_admin, { role })).status).toBe(403);
    expect((await call('POST', `/api/v1/users/${member.id}/role`, cookies.dept_admin, { role: 'dept_admin' })).status).toBe(200);
    expect((await call('POST', `/api/v1/users/${member.id}/role`, cookies.dept_admin, { role: 'user' })).status).toBe(200);
    expect(await queryRow(t.db, 'SELECT role, department_id FROM users WHERE id = ?', member.id)).toEqual({ role: 'user', department_id: null });
    // Out of the department, the department admin no longer reaches them; an admin does, and may make a reviewer.
    expect((await call('POST', `/api/v1/users/${member.id}/role`, cookies.dept_admin, { role: 'publisher' })).status).toBe(403);
    expect((await call('POST', `/api/v1/users/${member.id}/role`, cookies.admin, { role: 'reviewer' })).status).toBe(200);
    const list = (await (await call('GET', `/api/v1/departments/${own}/users`, cookies.dept_admin)).json()) as { data: { id: string }[] };
    expect(list.data.map((u) => u.id)).toContain(ids.publisher);
    expect(list.data.map((u) => u.id)).not.toContain(member.id);
  });
});

describe('invites', () => {
  it('a link makes an account in the department once, attaches a signed-in account, and expires after 7 days', async () => {
    const made = await call('POST', `/api/v1/departments/${own}/invites`, cookies.dept_admin, { role: 'publisher' });
    const invite = (await made.json()) as { url: string; token: string; expires_at: string };
    expect(invite.url).toContain(`/invite?token=${invite.token}`);
    expect(JSON.stringify(await queryValues(t.db, 'SELECT token_hash FROM department_invites'))).not.toContain(invite.token);

    const accepted = await call('POST', '/api/v1/invites/accept', undefined, { token: invite.token, email: 'invitee@dir.example', name: '新同事', password });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { user: unknown }).user).toMatchObject({ email: 'invitee@dir.example', role: 'publisher', department_id: own });
    expect(await me(accepted.headers.get('set-cookie')!.split(';')[0]!)).toBe(200);
    const again = await call('POST', '/api/v1/invites/accept', undefined, { token: invite.token, email: 'second@dir.example', password });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('invite_invalid');

    const joiner = await person('joiner@dir.example', 'user', null);
    const second = (await (await call('POST', `/api/v1/departments/${own}/invites`, cookies.admin, { role: 'dept_admin' })).json()) as { token: string };
    expect((await call('POST', '/api/v1/invites/accept', joiner.cookie, { token: second.token })).status).toBe(200);
    expect(await queryRow(t.db, 'SELECT role, department_id FROM users WHERE id = ?', joiner.id)).toEqual({ role: 'dept_admin', department_id: own });

    const late = (await (await call('POST', `/api/v1/departments/${own}/invites`, cookies.dept_admin, { role: 'publisher' })).json()) as { token: string };
    now += 7 * 24 * 3600 * 1000 + 1000;
    try {
      expect((await call('POST', '/api/v1/invites/accept', undefined, { token: late.token, email: 'late@dir.example', password })).status).toBe(404);
      expect(Number(await queryValue(t.db, "SELECT COUNT(*) FROM users WHERE email = 'late@dir.example'"))).toBe(0);
    } finally {
      now -= 7 * 24 * 3600 * 1000 + 1000;
    }
  });
});

describe('disabling', () => {
  it("a disabled user's session and API key are refused from the next request on; enabling restores the key and sign-in", async () => {
    const victim = await person('victim@dir.example', 'user', null);
    const key = await createKey(t.app, victim.cookie, 'victim key');
    const keyed = async () => (await t.app.request(recordsUrl, { headers: { authorization: `Bearer ${key.secret}` } })).status;
    expect(await me(victim.cookie)).toBe(200);
    expect(await keyed()).toBe(200);

    expect((await call('POST', `/api/v1/users/${victim.id}/disable`, cookies.dept_admin)).status).toBe(403);
    expect((await call('POST', `/api/v1/users/${victim.id}/disable`, cookies.admin)).status).toBe(200);
    expect(await me(victim.cookie)).toBe(401);
    expect(await keyed()).toBe(401);
    const login = await t.app.request('/api/v1/auth/login', json({ email: 'victim@dir.example', password }));
    expect(login.status).toBe(403);

    expect((await call('POST', `/api/v1/users/${victim.id}/enable`, cookies.admin)).status).toBe(200);
    expect(await keyed()).toBe(200);
    expect(await me(victim.cookie)).toBe(401);
    expect(await me(await signIn('victim@dir.example'))).toBe(200);
  });
});

describe('my sessions', () => {
  it('lists my sessions (browser, times, place, the current one) and ends one: its cookie stops working', async () => {
    await createUser(t.db, { email: 'sessions@dir.example', password }, new Date(now));
    const laptop = await signIn('sessions@dir.example', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0');
    const phone = await signIn('sessions@dir.example', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1');
    const ua = (cookie: string, agent: string) => ({ headers: { cookie, 'user-agent': agent } });
    await t.app.request('/api/v1/me', ua(phone, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'));
    const res = await t.app.request('/api/v1/auth/sessions', ua(laptop, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'));
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; browser: string; current: boolean; created_at: string; last_seen_at: string; place: string }[] };
    expect(data).toHaveLength(2);
    const current = data.find((s) => s.current)!;
    const theOther = data.find((s) => !s.current)!;
    expect(current.browser).toBe('Firefox on Linux');
    expect(theOther.browser).toBe('Safari on iOS');
    expect(current.created_at).toBe(new Date(now).toISOString());
    expect(current.last_seen_at).toBe(new Date(now).toISOString());
    expect(current.place).toMatch(/^[0-9a-f]{4}$/);
    expect(JSON.stringify(data)).not.toMatch(/100\.70\./);

    // last seen is written at most every 5 minutes, not on every request
    now += 60_000;
    await me(laptop);
    expect(await queryValue(t.db, 'SELECT last_seen_at FROM sessions WHERE id_hash LIKE ?', `${current.id}.%`)).toBe(new Date(now - 60_000).toISOString());
    now += 5 * 60_000;
    await me(laptop);
    expect(await queryValue(t.db, 'SELECT last_seen_at FROM sessions WHERE id_hash LIKE ?', `${current.id}.%`)).toBe(new Date(now).toISOString());

    expect((await call('DELETE', `/api/v1/auth/sessions/${theOther.id}`, laptop)).status).toBe(204);
    expect(await me(phone)).toBe(401);
    expect(await me(laptop)).toBe(200);
    expect(await auditCount('sessions.ended', (await queryValue<string>(t.db, "SELECT id FROM users WHERE email = 'sessions@dir.example'"))!)).toBe(1);
    expect((await call('DELETE', `/api/v1/auth/sessions/${theOther.id}`, laptop)).status).toBe(404);
  });

  it("an admin ends all of a user's sessions", async () => {
    const u = await person('endall@dir.example', 'user', null);
    const second = await signIn('endall@dir.example');
    const res = await call('POST', `/api/v1/users/${u.id}/sessions/end-all`, cookies.admin);
    expect(await res.json()).toEqual({ ended: 2 });
    expect(await me(u.cookie)).toBe(401);
    expect(await me(second)).toBe(401);
  });
});

describe('pages', () => {
  const form = (path: string, cookie: string | undefined, fields: Record<string, string>) =>
    t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(fields).toString() });
  const page = async (path: string, cookie?: string) => {
    const res = await t.app.request(path, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', ...(cookie ? { cookie } : {}) } });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  };

  it('/console/users: a department admin sees their people, makes an invitation link that works once, and disables someone (zh and en)', async () => {
    const zh = await page('/console/users', cookies.dept_admin);
    expect(zh.status).toBe(200);
    expect(zh.html).toContain('部门人员');
    expect(zh.html).toContain('publisher@dir.example');
    expect((await page('/en/console/users', cookies.dept_admin)).html).toContain('Department users');
    expect((await page('/console/users', cookies.publisher)).status).toBe(403);
    expect((await page('/console/users')).status).toBe(302);

    const made = await form('/console/users/invites', cookies.dept_admin, { department: own, role: 'publisher' });
    expect(made.status).toBe(200);
    const link = /value="(http[^"]+\/invite\?token=([a-z2-7]+))"/.exec(await made.text())!;
    expect(link).not.toBeNull();
    const invitePage = await page(`/invite?token=${link[2]}`);
    expect(invitePage.html).toContain('创建账号并加入');
    const joined = await form('/invite', undefined, { token: link[2]!, email: 'page-invitee@dir.example', name: '页面', password });
    expect(joined.status).toBe(303);
    expect(await queryRow(t.db, "SELECT role, department_id FROM users WHERE email = 'page-invitee@dir.example'")).toEqual({ role: 'publisher', department_id: own });
    expect((await page(`/invite?token=${link[2]}`)).status).toBe(404);

    const target = await person('page-target@dir.example', 'publisher', own);
    const disabled = await form(`/console/users/${target.id}/disable`, cookies.dept_admin, { department: own });
    expect(disabled.status).toBe(303);
    expect(disabled.headers.get('location')).toContain('done=disabled');
    expect(await me(target.cookie)).toBe(401);
    const refused = await form(`/console/users/${target.id}/role`, cookies.dept_admin_other, { department: other, role: 'dept_admin' });
    expect(refused.headers.get('location')).toContain('error=forbidden');
  });

  it('/account/sessions lists my sessions with the current one marked and ends another', async () => {
    await createUser(t.db, { email: 'page-sessions@dir.example', password }, new Date(now));
    const a = await signIn('page-sessions@dir.example');
    const b = await signIn('page-sessions@dir.example', 'curl/8.5.0');
    await t.app.request('/api/v1/me', { headers: { cookie: b, 'user-agent': 'curl/8.5.0' } });
    const listed = await page('/account/sessions', a);
    expect(listed.status).toBe(200);
    expect(listed.html).toContain('Firefox on Linux');
    expect(listed.html).toContain('当前会话');
    expect((await page('/en/account/sessions', a)).html).toContain('This session');
    const otherId = (await queryValues<string>(t.db, "SELECT id_hash FROM sessions WHERE user_agent LIKE 'curl%'"))[0]!.split('.')[0];
    const ended = await form(`/account/sessions/${otherId}/end`, a, {});
    expect(ended.status).toBe(303);
    expect(await me(b)).toBe(401);
    expect(await me(a)).toBe(200);
    expect((await page('/account/sessions')).status).toBe(302);
  });
});
