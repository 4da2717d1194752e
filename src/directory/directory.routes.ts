// The department directory's API (issue 18): department admins manage their people, everyone their own sessions.
// Its own folder, above auth and audit: the accounts live in auth, and every change here is audited.
import type { Context } from 'hono';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { optionalSessionSecurity, sessionSecurity } from '../lib/openapi.js';
import { publicOrigin } from '../lib/public-origin.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import {
  acceptInviteAsNewUser, acceptInviteAsUser, bodyGuard, createInvite, createSession, endAllSessions, endMySession, listDepartmentUsers, listMySessions, managedUser,
  presentUser, readSessionCookie, requireUser, resetUserTwoFactor, sessionMiddleware, setDepartmentRole, setUserDisabled, UserSchema, writeSessionCookie,
} from '../auth/index.js';
import { AcceptInviteSchema, DepartmentIdParam, DirectoryUserSchema, InviteSchema, ListedSessionSchema, NewInviteSchema, SetRoleSchema, UserIdParam } from './directory.schemas.js';

const tags = ['Accounts'];
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
const r401 = problemResponse('Not signed in (`unauthenticated`)');
const r403 = problemResponse('Not an admin, nor the admin of this department (`forbidden`), or a cross-site request (`csrf`)');
const r404 = problemResponse('No such user or department (`not_found`)');
const managed = { 401: r401, 403: r403, 404: r404 };

const listUsersRoute = createRoute({
  operationId: 'listDepartmentUsers', security: sessionSecurity, method: 'get', path: '/api/v1/departments/{id}/users', tags,
  summary: "A department's users (its admins, and admins)", request: { params: DepartmentIdParam },
  responses: { 200: jsonResponse(z.object({ data: z.array(DirectoryUserSchema), total: z.number().int() }), 'The department\'s users'), ...managed },
});
const inviteRoute = createRoute({
  operationId: 'createDepartmentInvite', security: sessionSecurity, method: 'post', path: '/api/v1/departments/{id}/invites', tags, middleware: [bodyGuard] as const,
  summary: 'Invite someone to the department (a one-time link, valid 7 days)', request: { params: DepartmentIdParam, body: json(NewInviteSchema) },
  responses: { 201: jsonResponse(InviteSchema, 'The link, shown once'), 400: problemResponse('Invalid role'), ...managed },
});
const acceptRoute = createRoute({
  operationId: 'acceptInvite', security: optionalSessionSecurity, method: 'post', path: '/api/v1/invites/accept', tags, middleware: [bodyGuard] as const,
  summary: 'Accept an invitation: the signed-in account joins the department, or a new account is made (and signed in)',
  request: { body: json(AcceptInviteSchema) },
  responses: {
    200: jsonResponse(z.object({ user: UserSchema }), 'Joined: the account now has the invited role in the department'),
    400: problemResponse('Signed out without e-mail and password'), 403: problemResponse('Cross-site request (`csrf`)'),
    404: problemResponse('Unknown, used or expired link (`invite_invalid`)'), 409: problemResponse('E-mail registered already (`email_taken`: sign in, then open the link), or an admin/reviewer account (`invite_not_applicable`)'),
    422: problemResponse('Password refused by the policy'),
  },
});
const setRoleRoute = createRoute({
  operationId: 'setUserRole', security: sessionSecurity, method: 'post', path: '/api/v1/users/{id}/role', tags, middleware: [bodyGuard] as const,
  summary: "Set a user's role in the department ('user' takes them out of it)", request: { params: UserIdParam, body: json(SetRoleSchema) },
  responses: { 200: jsonResponse(DirectoryUserSchema, 'The user with the new role'), 400: problemResponse('A department role without a department'), ...managed, 409: problemResponse('Your own role (`own_account`)') },
});
const disableRoute = createRoute({
  operationId: 'disableUser', security: sessionSecurity, method: 'post', path: '/api/v1/users/{id}/disable', tags,
  summary: 'Disable an account: its sessions end and its API keys are refused from the next request on', request: { params: UserIdParam },
  responses: { 200: jsonResponse(DirectoryUserSchema, 'Disabled'), ...managed, 409: problemResponse('Your own account (`own_account`)') },
});
const enableRoute = createRoute({
  operationId: 'enableUser', security: sessionSecurity, method: 'post', path: '/api/v1/users/{id}/enable', tags,
  summary: 'Enable a disabled account again (its API keys work again; it signs in anew)', request: { params: UserIdParam },
  responses: { 200: jsonResponse(DirectoryUserSchema, 'Enabled'), ...managed, 409: problemResponse('Your own account (`own_account`)') },
});
const resetTwoFactorRoute = createRoute({
  operationId: 'resetUserTwoFactor', security: sessionSecurity, method: 'post', path: '/api/v1/users/{id}/2fa/reset', tags,
  summary: "Remove a user's second factor (lost authenticator): the next sign-in enrols again where the role requires one", request: { params: UserIdParam },
  responses: { 200: jsonResponse(z.object({ removed: z.boolean().openapi({ description: 'False when the user had no second factor' }) }), 'Reset'), ...managed },
});
const endAllRoute = createRoute({
  operationId: 'endUserSessions', security: sessionSecurity, method: 'post', path: '/api/v1/users/{id}/sessions/end-all', tags,
  summary: "End all of a user's sessions (admins)", request: { params: UserIdParam },
  responses: { 200: jsonResponse(z.object({ ended: z.number().int() }), 'How many sessions were ended'), 401: r401, 403: problemResponse('Not an admin (`forbidden`)'), 404: r404 },
});
const mySessionsRoute = createRoute({
  operationId: 'listMySessions', security: sessionSecurity, method: 'get', path: '/api/v1/auth/sessions', tags, middleware: [requireUser] as const,
  summary: 'My sessions (browser, created, last seen, where first used; the current one marked)', request: { query: z.object({}).strict() },
  responses: { 200: jsonResponse(z.object({ data: z.array(ListedSessionSchema), total: z.number().int() }), 'Sessions, most recently seen first'), 401: r401 },
});
const endMySessionRoute = createRoute({
  operationId: 'endMySession', security: sessionSecurity, method: 'delete', path: '/api/v1/auth/sessions/{id}', tags, middleware: [requireUser] as const,
  summary: 'End one of my sessions (its cookie stops working at once)',
  request: { params: z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Ended' }, 401: r401, 403: problemResponse('Cross-site request (`csrf`)'), 404: problemResponse('No such session of yours') },
});

const signedIn = (c: Context<AppEnv>) => {
  const user = c.get('user');
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
  return user;
};

export function usersDirectoryRoutes(deps: AppDeps) {
  const router = createRouter();
  const session = sessionMiddleware(deps);
  for (const path of ['/api/v1/departments/:id/users', '/api/v1/departments/:id/invites', '/api/v1/users/*', '/api/v1/invites/*', '/api/v1/auth/sessions', '/api/v1/auth/sessions/*']) router.use(path, session);
  const audit = (c: Context<AppEnv>, action: string, target: string, targetDepartmentId: string | null, summary?: string) =>
    recordAudit(deps.db, { ...auditFrom(c), action, target, targetDepartmentId, summary: summary ?? null, ts: deps.now().toISOString() });
  const present = (u: { id: string; email: string; name: string; role: string; department_id: string | null; disabled_at: string | null; created_at: string }) =>
    ({ id: u.id, email: u.email, name: u.name, role: u.role as 'user', department_id: u.department_id, disabled_at: u.disabled_at, created_at: u.created_at });

  return router
    .openapi(listUsersRoute, async (c) => {
      const data = (await listDepartmentUsers(deps.db, signedIn(c), c.req.valid('param').id)).map(present);
      return c.json({ data, total: data.length }, 200);
    })
    .openapi(inviteRoute, async (c) => {
      const invite = await createInvite(deps.db, signedIn(c), c.req.valid('param').id, c.req.valid('json').role, deps.now());
      await audit(c, 'users.invited', `department:${invite.department_id}`, invite.department_id, `role: ${invite.role}, expires ${invite.expires_at}`);
      c.header('Cache-Control', 'no-store');
      return c.json({ ...invite, role: invite.role as 'publisher', url: `${publicOrigin(c, deps.env)}/invite?token=${invite.token}` }, 201);
    })
    .openapi(acceptRoute, async (c) => {
      const { token, email, name, password } = c.req.valid('json');
      const user = c.get('user');
      if (user) {
        const invite = await acceptInviteAsUser(deps.db, user, token, deps.now());
        await audit(c, 'users.invite_accepted', `user:${user.id}`, invite.department_id, `joined ${invite.department_id} as ${invite.role}`);
        return c.json({ user: presentUser({ ...user, role: invite.role, departmentId: invite.department_id }) }, 200);
      }
      if (!email || !password) throw new ApiError(400, 'validation_failed', 'Signed out, give email, name and password for a new account (or sign in first to join with yours).');
      const accepted = await acceptInviteAsNewUser(deps.db, { email, name, password }, token, deps.now());
      const created = await createSession(deps.db, accepted.user.id, deps.now());
      writeSessionCookie(c, created.token, created.expiresAt);
      await recordAudit(deps.db, { ...auditFrom(c), actor: accepted.user.id, actorRole: accepted.role, actorDepartmentId: accepted.department_id, action: 'users.invite_accepted', target: `user:${accepted.user.id}`, targetDepartmentId: accepted.department_id, summary: `new account, ${accepted.role} of ${accepted.department_id}`, ts: deps.now().toISOString() });
      return c.json({ user: presentUser(accepted.user) }, 200);
    })
    .openapi(setRoleRoute, async (c) => {
      const { role, department_id } = c.req.valid('json');
      const changed = await setDepartmentRole(deps.db, signedIn(c), c.req.valid('param').id, role, department_id);
      await audit(c, 'users.role_changed', `user:${changed.before.id}`, changed.department_id ?? changed.before.department_id,
        `${changed.before.role}@${changed.before.department_id ?? '-'} -> ${changed.role}@${changed.department_id ?? '-'}`);
      return c.json(present({ ...changed.before, role: changed.role, department_id: changed.department_id }), 200);
    })
    .openapi(disableRoute, async (c) => {
      const target = await setUserDisabled(deps.db, signedIn(c), c.req.valid('param').id, true, deps.now());
      await audit(c, 'users.disabled', `user:${target.id}`, target.department_id);
      return c.json(present({ ...target, disabled_at: deps.now().toISOString() }), 200);
    })
    .openapi(enableRoute, async (c) => {
      const target = await setUserDisabled(deps.db, signedIn(c), c.req.valid('param').id, false, deps.now());
      await audit(c, 'users.enabled', `user:${target.id}`, target.department_id);
      return c.json(present({ ...target, disabled_at: null }), 200);
    })
    .openapi(resetTwoFactorRoute, async (c) => {
      const { target, removed } = await resetUserTwoFactor(deps.db, signedIn(c), c.req.valid('param').id);
      await audit(c, 'auth.2fa_reset', `user:${target.id}`, target.department_id, removed ? 'second factor removed' : 'had none');
      return c.json({ removed }, 200);
    })
    .openapi(endAllRoute, async (c) => {
      const actor = signedIn(c);
      if (actor.role !== 'admin') throw new ApiError(403, 'forbidden', 'This needs an admin.');
      const target = await managedUser(deps.db, actor, c.req.valid('param').id);
      const ended = await endAllSessions(deps.db, target.id);
      await audit(c, 'sessions.ended_all', `user:${target.id}`, target.department_id, `${ended} session(s)`);
      return c.json({ ended }, 200);
    })
    .openapi(mySessionsRoute, async (c) => {
      const data = await listMySessions(deps.db, c, deps.env.KAIFANG_TRUST_PROXY === '1', signedIn(c).id, readSessionCookie(c), deps.now());
      c.header('Cache-Control', 'no-store');
      return c.json({ data, total: data.length }, 200);
    })
    .openapi(endMySessionRoute, async (c) => {
      const user = signedIn(c);
      const id = c.req.valid('param').id;
      if (!await endMySession(deps.db, user.id, id)) throw new ApiError(404, 'not_found', `You have no session '${id}'.`);
      await audit(c, 'sessions.ended', `session:${id}`, user.departmentId, `user:${user.id}`);
      return c.body(null, 204);
    });
}
