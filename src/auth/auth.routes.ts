import type { Context } from 'hono';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { AuthFormSchema, CredentialsSchema, RegistrationAcceptedSchema, RegistrationSchema, SessionResponseSchema, UserSchema, registrationAcceptedDetail } from './auth.schemas.js';
import { checkCredentials, findUserByEmail, normaliseEmail, registerUser } from './auth.service.js';
import { assertAcceptablePassword } from './auth.password-policy.js';
import { createSession, invalidateSession } from './auth.session.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './auth.cookie.js';
import { requireUser, sessionMiddleware } from './auth.middleware.js';
import { createLoginThrottle, createRegistrationThrottle } from './auth.throttle.js';
import { bodyGuard, isFormRequest, localPath, presentUser, signInAfterSignUp, withError } from './auth.http.js';
import { addressLimitKey, clientAddress } from '../lib/client-address.js';
import { sessionSecurity } from '../lib/openapi.js';
import { assertPasswordSignInAllowed, readIdTokenCookie } from './oidc.session.js';
import { auditFrom, recordAudit } from '../audit/index.js';
import { sha256Hex } from './auth.crypto.js';
import { beginSecondFactor } from './two-factor.challenge.js';
import { SecondFactorRequiredSchema } from './two-factor.schemas.js';

/** A form sign-in that needs a second factor continues on its page, in the form's language. */
const secondFactorPage = (form: Record<string, string>) => (form.from?.startsWith('/en/') ? '/en/signin/2fa' : '/signin/2fa');

const tags = ['Accounts'];
const body = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema }, 'application/x-www-form-urlencoded': { schema: AuthFormSchema } },
  // Not `required`: with it, the JSON validator would also run on form posts (and fail them).
  required: false,
});
const formNote = 'HTML forms may post the same fields; they are answered with a 303 redirect to `next` (or back to `from` with `?error=<code>`).';

const registerRoute = createRoute({
  operationId: 'register',
  method: 'post', path: '/api/v1/auth/register', tags, middleware: [bodyGuard] as const,
  summary: 'Create an account',
  description:
    'Creates the account unless the e-mail address has one already, and answers the same in both cases (status, body and time), so the portal never tells ' +
    'anyone which addresses are registered; an existing account is left unchanged. No session is started: sign in next. ' +
    'Five registrations per hour per client address, then 429 with Retry-After. HTML forms may post the same fields; they are redirected to the sign-in page ' +
    '(or back to `from` with `?error=<code>`).',
  request: { body: body(RegistrationSchema) },
  responses: {
    202: jsonResponse(RegistrationAcceptedSchema, 'Accepted: the account exists now (new or not, not said); sign in with POST /api/v1/auth/login'),
    303: { description: 'Form post: redirect' },
    400: problemResponse('Invalid e-mail address or input'),
    403: problemResponse('Cross-site request (`csrf`)'),
    422: problemResponse('Password refused (`password_too_short`, `password_blank`, `password_too_common`), with a field error'),
    429: problemResponse('Too many registrations from this address (`too_many_registrations`), with Retry-After'),
  },
});

const loginRoute = createRoute({
  operationId: 'login',
  method: 'post', path: '/api/v1/auth/login', tags, middleware: [bodyGuard] as const,
  summary: 'Sign in', description: `${formNote} At most 10 password checks that fail in 15 minutes per account and per client address (an attempt counts from the moment it starts, so parallel requests cannot exceed it); then 429 until the window passes.`,
  request: { body: body(CredentialsSchema) },
  responses: {
    200: jsonResponse(SessionResponseSchema, 'Signed in; the session cookie `kf_session` is set'),
    202: jsonResponse(SecondFactorRequiredSchema, 'Password right, and the account must give a second factor: no session yet; a 10-minute challenge cookie `kf_2fa` is set for POST /api/v1/auth/2fa/verify (or /enroll and /confirm)'),
    303: { description: 'Form post: redirect' },
    401: problemResponse('Wrong e-mail or password (`invalid_credentials`)'),
    403: problemResponse('A publisher or department admin while `KAIFANG_PASSWORD_SIGNIN=citizens`: sign in with unified identity (`use_unified_identity`)'),
    429: problemResponse('Too many attempts (`too_many_attempts`), with Retry-After'),
  },
});

const logoutRoute = createRoute({
  operationId: 'logout', security: sessionSecurity,
  method: 'post', path: '/api/v1/auth/logout', tags,
  summary: 'Sign out (ends this session)',
  responses: { 204: { description: 'Signed out; the cookie is cleared' }, 303: { description: 'Form post: redirect' }, 403: problemResponse('Cross-site request (`csrf`)') },
});

const meRoute = createRoute({
  operationId: 'getMe', security: sessionSecurity,
  method: 'get', path: '/api/v1/me', tags, middleware: [requireUser] as const,
  summary: 'The signed-in user', request: { query: z.object({}).strict() },
  responses: { 200: jsonResponse(UserSchema, 'The user of this session'), 401: problemResponse('Not signed in (`unauthenticated`)') },
});

function parseForm<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const fields = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'next' && k !== 'from'));
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw new ApiError(400, 'invalid_body', parsed.error.issues[0]?.message ?? 'invalid form');
  return parsed.data;
}

/** Runs `action`; form posts get a 303 to `next` on success or back to the form with the error code. */
type Outcome = { status: 200 | 202 | 204; json?: unknown; next: string; formRedirect?: (form: Record<string, string>) => string };

async function answer(c: Context<AppEnv>, fallbackFrom: string, action: () => Promise<Response | Outcome>) {
  const form = isFormRequest(c) ? ((await c.req.parseBody()) as Record<string, string>) : null;
  try {
    const result = await action();
    if (result instanceof Response) return result;
    if (form) return c.redirect(result.formRedirect ? result.formRedirect(form) : localPath(form.next, result.next), 303);
    return result.status === 204 ? c.body(null, 204) : c.json(result.json, result.status);
  } catch (err) {
    if (!form || !(err instanceof ApiError)) throw err;
    return c.redirect(withError(localPath(form.from, fallbackFrom), err.code), 303);
  }
}

export function authRoutes(deps: AppDeps) {
  const throttle = createLoginThrottle(deps.db);
  const registrations = createRegistrationThrottle(deps.db);
  const address = (c: Context<AppEnv>) => addressLimitKey(clientAddress(c, deps.env.KAIFANG_TRUST_PROXY === '1'));
  const tooMany = (code: string, what: string, wait: number) =>
    new ApiError(429, code, `${what}; try again in ${Math.ceil(wait / 60)} minute(s).`, { headers: { 'Retry-After': String(wait) }, retry_after: wait });
  const input = <T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.infer<T> =>
    isFormRequest(c) ? parseForm(schema, (c.req.valid as (t: string) => unknown)('form')) : (c.req.valid as (t: string) => z.infer<T>)('json');

  const signIn = async (c: Context<AppEnv>, userId: string) => {
    const old = readSessionCookie(c);
    if (old) await invalidateSession(deps.db, old);
    const session = await createSession(deps.db, userId, deps.now());
    writeSessionCookie(c, session.token, session.expiresAt);
    return new Date(session.expiresAt).toISOString();
  };

  // Never the password; the account when the address has one, else a hash of the address (not the address itself).
  const recordFailedSignIn = async (c: Context<AppEnv>, email: string) => {
    const known = await findUserByEmail(deps.db, email);
    const target = known ? `user:${known.id}` : `email:${sha256Hex(normaliseEmail(email)).slice(0, 16)}`;
    await recordAudit(deps.db, { ...auditFrom(c), actor: null, actorRole: null, actorDepartmentId: null, action: 'auth.sign_in_failed', target, targetDepartmentId: known?.departmentId ?? null });
  };

  const router = createRouter();
  router.use('/api/v1/auth/*', sessionMiddleware(deps));
  router.use('/api/v1/me', sessionMiddleware(deps));
  router.use('/api/v1/me/*', sessionMiddleware(deps));
  return router
    .openapi(registerRoute, (c) =>
      answer(c, '/signup', async () => {
        const { email, password, name } = input(c, RegistrationSchema);
        assertAcceptablePassword(password);
        const wait = await registrations.take([`ip:${address(c)}`], deps.now().getTime());
        if (wait) throw tooMany('too_many_registrations', 'Too many accounts registered from this address', wait);
        await registerUser(deps.db, { email, password, name }, deps.now());
        return { status: 202, json: { status: 'accepted', detail: registrationAcceptedDetail }, next: '/signin', formRedirect: signInAfterSignUp };
      }),
    )
    .openapi(loginRoute, (c) =>
      answer(c, '/signin', async () => {
        const { email, password } = input(c, CredentialsSchema);
        const [account, ip] = [`account:${normaliseEmail(email)}`, `ip:${address(c)}`];
        const now = deps.now().getTime();
        // Counted as a failure before the password is checked; given back if it proves right.
        const wait = await throttle.take([account, ip], now);
        if (wait) throw tooMany('too_many_attempts', 'Too many failed sign-ins', wait);
        const user = await checkCredentials(deps.db, email, password);
        if (!user) {
          await recordFailedSignIn(c, email);
          throw new ApiError(401, 'invalid_credentials', 'Wrong e-mail address or password.');
        }
        await throttle.clear(account);
        await throttle.giveBack([ip], now);
        assertPasswordSignInAllowed(deps.env, user);
        const form = isFormRequest(c) ? ((c.req.valid as (t: string) => Record<string, string | undefined>)('form')) : {};
        const secondFactor = await beginSecondFactor(deps, c, user, localPath(form.next, '/account'));
        if (secondFactor) return { status: 202, json: { status: 'second_factor_required', second_factor: secondFactor }, next: '/signin/2fa', formRedirect: secondFactorPage };
        const expires_at = await signIn(c, user.id);
        await recordAudit(deps.db, { ...auditFrom(c), actor: user.id, actorRole: user.role, actorDepartmentId: user.departmentId, action: 'auth.sign_in', target: `user:${user.id}`, targetDepartmentId: user.departmentId });
        return { status: 200, json: { user: presentUser(user), expires_at }, next: '/developer' };
      }),
    )
    .openapi(logoutRoute, (c) =>
      answer(c, '/', async () => {
        const token = readSessionCookie(c);
        if (token) await invalidateSession(deps.db, token);
        clearSessionCookie(c);
        // Signed in with unified identity: the form goes on to end the provider's session too (RP-initiated logout).
        const viaProvider = deps.env.oidc && readIdTokenCookie(c) ? (form: Record<string, string>) => `/auth/oidc/signout?next=${encodeURIComponent(localPath(form.next, '/'))}` : undefined;
        return { status: 204, next: '/', formRedirect: viaProvider };
      }),
    )
    .openapi(meRoute, (c) => c.json(presentUser(c.get('user')!), 200));
}
