import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import {
  acceptInviteAsNewUser, acceptInviteAsUser, canAdmin, createInvite, createSession, departmentNames, endMySession, listDepartmentUsers,
  listMySessions, readSessionCookie, resetUserTwoFactor, sessionMiddleware, setDepartmentRole, setUserDisabled, usableInvite, writeSessionCookie,
} from '../../src/auth/index.js';
import { auditFrom, recordAudit } from '../../src/audit/index.js';
import { publicOrigin } from '../../src/lib/public-origin.js';
import { href, pick, type Lang } from '../i18n.js';
import { htmlErrors, inBothLanguages, render, requestedUrl, signInUrl } from '../render.js';
import { DepartmentUsersPage } from '../pages/directory/users.js';
import { InvitePage } from '../pages/directory/invite.js';
import { MySessionsPage } from '../pages/account/sessions.js';
import { consoleGuard } from './console-access.js';

// The department directory's pages (/console/users), the invitation page (/invite) and "my sessions"
// (/account/sessions): forms that post here and come back with ?done= or ?error= (post, redirect, get).

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const session = sessionMiddleware(deps);
  const user = (c: Context<AppEnv>) => c.get('user')!;
  const trustProxy = deps.env.KAIFANG_TRUST_PROXY === '1';
  const audit = (c: Context<AppEnv>, action: string, target: string, targetDepartmentId: string | null, summary?: string) =>
    recordAudit(deps.db, { ...auditFrom(c), action, target, targetDepartmentId, summary: summary ?? null, ts: deps.now().toISOString() });
  const usersPage = (dept: string | null) => `${href(lang, '/console/users')}${dept ? `?department=${encodeURIComponent(dept)}` : ''}`;

  async function showUsers(c: Context<AppEnv>, dept: string | null, invite: { url: string; expires_at: string } | null = null) {
    const me = user(c);
    const departments = canAdmin(me) ? (await departmentNames(deps.db)).map((d) => ({ id: d.id, name: pick(lang, d.name_zh, d.name_en) })) : [];
    const users = dept ? await listDepartmentUsers(deps.db, me, dept) : [];
    const data = { user: me, departments, departmentId: dept, users, done: c.req.query('done') ?? null, error: c.req.query('error') ?? null, invite };
    return render(c, lang, <DepartmentUsersPage lang={lang} url={requestedUrl(c)} data={data} />, { personal: true });
  }

  /** A directory form: the change, its audit row, then back to the list with ?done= (or ?error=<code>). */
  async function act(c: Context<AppEnv>, done: string, work: (dept: string | null) => Promise<unknown>) {
    const dept = field(await c.req.parseBody(), 'department') || null;
    try {
      await work(dept);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500 && err.status !== 401) return c.redirect(`${usersPage(dept)}${dept ? '&' : '?'}error=${encodeURIComponent(err.code)}`, 303);
      throw err;
    }
    return c.redirect(`${usersPage(dept)}${dept ? '&' : '?'}done=${done}`, 303);
  }

  app.use('/console/users', session, consoleGuard(lang));
  app.use('/console/users/*', session, consoleGuard(lang));
  app.get('/console/users', async (c) => {
    const me = user(c);
    if (!canAdmin(me) && me.role !== 'dept_admin') throw new ApiError(403, 'forbidden', lang === 'en' ? "Department users are managed by the department's admins." : '部门人员由部门管理员管理。');
    return await showUsers(c, c.req.query('department') || me.departmentId);
  });
  app.post('/console/users/invites', async (c) => {
    const body = await c.req.parseBody();
    const dept = field(body, 'department');
    const invite = await createInvite(deps.db, user(c), dept, field(body, 'role'), deps.now());
    await audit(c, 'users.invited', `department:${dept}`, dept, `role: ${invite.role}, expires ${invite.expires_at}`);
    // Shown in this answer only (never in a URL that could be logged): only the token's hash is kept.
    return await showUsers(c, dept, { url: `${publicOrigin(c, deps.env)}${href(lang, '/invite')}?token=${invite.token}`, expires_at: invite.expires_at });
  });
  app.post('/console/users/:id/role', async (c) => {
    const role = field(await c.req.parseBody(), 'role');
    return act(c, 'role', async () => {
      const changed = await setDepartmentRole(deps.db, user(c), c.req.param('id'), role, undefined);
      await audit(c, 'users.role_changed', `user:${changed.before.id}`, changed.department_id ?? changed.before.department_id,
        `${changed.before.role}@${changed.before.department_id ?? '-'} -> ${changed.role}@${changed.department_id ?? '-'}`);
    });
  });
  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/console/users/:id/${path}`, (c) => act(c, disabled ? 'disabled' : 'enabled', async () => {
      const target = await setUserDisabled(deps.db, user(c), c.req.param('id'), disabled, deps.now());
      await audit(c, disabled ? 'users.disabled' : 'users.enabled', `user:${target.id}`, target.department_id);
    }));
  }
  app.post('/console/users/:id/2fa-reset', (c) => act(c, 'reset2fa', async () => {
    const { target, removed } = await resetUserTwoFactor(deps.db, user(c), c.req.param('id'));
    await audit(c, 'auth.2fa_reset', `user:${target.id}`, target.department_id, removed ? 'second factor removed' : 'had none');
  }));

  app.use('/invite', session);
  app.get('/invite', async (c) => {
    const token = c.req.query('token') ?? '';
    const invite = await usableInvite(deps.db, token, deps.now()).catch(() => null);
    const dept = invite ? (await departmentNames(deps.db)).find((d) => d.id === invite.department_id) : undefined;
    const data = { token, invite: invite ? { departmentName: dept ? pick(lang, dept.name_zh, dept.name_en) : invite.department_id, role: invite.role } : null, user: c.get('user') ?? null, error: c.req.query('error') ?? null };
    c.header('Referrer-Policy', 'no-referrer');
    return render(c, lang, <InvitePage lang={lang} url={href(lang, '/invite')} data={data} />, { personal: true, status: invite ? 200 : 404 });
  });
  app.post('/invite', async (c) => {
    const body = await c.req.parseBody();
    const token = field(body, 'token');
    const me = c.get('user');
    try {
      if (me) {
        const invite = await acceptInviteAsUser(deps.db, me, token, deps.now());
        await audit(c, 'users.invite_accepted', `user:${me.id}`, invite.department_id, `joined ${invite.department_id} as ${invite.role}`);
      } else {
        const accepted = await acceptInviteAsNewUser(deps.db, { email: field(body, 'email'), name: field(body, 'name') || undefined, password: typeof body.password === 'string' ? body.password : '' }, token, deps.now());
        const created = await createSession(deps.db, accepted.user.id, deps.now());
        writeSessionCookie(c, created.token, created.expiresAt);
        await recordAudit(deps.db, { ...auditFrom(c), actor: accepted.user.id, actorRole: accepted.role, actorDepartmentId: accepted.department_id, action: 'users.invite_accepted', target: `user:${accepted.user.id}`, targetDepartmentId: accepted.department_id, summary: `new account, ${accepted.role} of ${accepted.department_id}`, ts: deps.now().toISOString() });
      }
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return c.redirect(`${href(lang, '/invite')}?token=${encodeURIComponent(token)}&error=${encodeURIComponent(err.code)}`, 303);
      throw err;
    }
    return c.redirect(href(lang, '/console'), 303);
  });

  app.use('/account/sessions', session);
  app.use('/account/sessions/*', session);
  app.use('/account/sessions*', async (c, next) => {
    if (!c.get('user')) return c.redirect(signInUrl(lang, href(lang, '/account/sessions')), c.req.method === 'GET' ? 302 : 303);
    await next();
  });
  app.get('/account/sessions', async (c) => {
    const sessions = await listMySessions(deps.db, c, trustProxy, user(c).id, readSessionCookie(c), deps.now());
    return render(c, lang, <MySessionsPage lang={lang} url={requestedUrl(c)} data={{ user: user(c), sessions, done: c.req.query('done') ?? null }} />, { personal: true });
  });
  app.post('/account/sessions/:id/end', async (c) => {
    const id = c.req.param('id');
    if (await endMySession(deps.db, user(c).id, id)) await audit(c, 'sessions.ended', `session:${id}`, user(c).departmentId, `user:${user(c).id}`);
    const ownEnded = readSessionCookie(c)?.split('.')[0] === id;
    return c.redirect(ownEnded ? href(lang, '/signin') : `${href(lang, '/account/sessions')}?done=ended`, 303);
  });

  app.onError(htmlErrors(deps, lang, { personal: true }));
  return app;
}

/** The directory's pages in both languages (ending all of a user's sessions is an admin's API call). */
export function directoryPages(deps: AppDeps) {
  return inBothLanguages(new Hono<AppEnv>(), (lang) => pages(deps, lang));
}
