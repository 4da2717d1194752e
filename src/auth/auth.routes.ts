import type { Context } from 'hono';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppDeps, AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { AuthFormSchema, CredentialsSchema, RegistrationSchema, SessionResponseSchema, UserSchema } from './auth.schemas.js';
import { checkCredentials, createUser, normaliseEmail } from './auth.service.js';
import { createSession, invalidateSession } from './auth.session.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './auth.cookie.js';
import { requireUser, sessionMiddleware } from './auth.middleware.js';
import { createLoginThrottle } from './auth.throttle.js';
import { bodyGuard, clientAddress, isFormRequest, localPath, presentUser, withError } from './auth.http.js';

const tags = ['Accounts'];
const body = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema }, 'application/x-www-form-urlencoded': { schema: AuthFormSchema } },
  // Not `required`: with it, the JSON validator would also run on form posts (and fail them).
  required: false,
});
const formNote = 'HTML forms may post the same fields; they are answered with a 303 redirect to `next` (or back to `from` with `?error=<code>`).';

const registerRoute = createRoute({
  method: 'post', path: '/api/v1/auth/register', tags, middleware: [bodyGuard] as const,
  summary: 'Create an account and sign in', description: formNote,
  request: { body: body(RegistrationSchema) },
  responses: {
    201: jsonResponse(SessionResponseSchema, 'Signed in; the session cookie `kf_session` is set'),
    303: { description: 'Form post: redirect' },
    400: problemResponse('Invalid e-mail or password'),
    403: problemResponse('Cross-site request (`csrf`)'),
    409: problemResponse('E-mail registered already (`email_taken`)'),
  },
});

const loginRoute = createRoute({
  method: 'post', path: '/api/v1/auth/login', tags, middleware: [bodyGuard] as const,
  summary: 'Sign in', description: `${formNote} After 10 failures in 15 minutes for an account or an address, 429 until the window passes.`,
  request: { body: body(CredentialsSchema) },
  responses: {
    200: jsonResponse(SessionResponseSchema, 'Signed in; the session cookie `kf_session` is set'),
    303: { description: 'Form post: redirect' },
    401: problemResponse('Wrong e-mail or password (`invalid_credentials`)'),
    429: problemResponse('Too many failed attempts (`too_many_attempts`), with Retry-After'),
  },
});

const logoutRoute = createRoute({
  method: 'post', path: '/api/v1/auth/logout', tags,
  summary: 'Sign out (ends this session)',
  responses: { 204: { description: 'Signed out; the cookie is cleared' }, 303: { description: 'Form post: redirect' }, 403: problemResponse('Cross-site request (`csrf`)') },
});

const meRoute = createRoute({
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
async function answer(c: Context<AppEnv>, fallbackFrom: string, action: () => Promise<Response | { status: 200 | 201 | 204; json?: unknown; next: string }>) {
  const form = isFormRequest(c) ? ((await c.req.parseBody()) as Record<string, string>) : null;
  try {
    const result = await action();
    if (result instanceof Response) return result;
    if (form) return c.redirect(localPath(form.next, result.next), 303);
    return result.status === 204 ? c.body(null, 204) : c.json(result.json, result.status);
  } catch (err) {
    if (!form || !(err instanceof ApiError)) throw err;
    return c.redirect(withError(localPath(form.from, fallbackFrom), err.code), 303);
  }
}

export function authRoutes(deps: AppDeps) {
  const throttle = createLoginThrottle();
  const input = <T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.infer<T> =>
    isFormRequest(c) ? parseForm(schema, (c.req.valid as (t: string) => unknown)('form')) : (c.req.valid as (t: string) => z.infer<T>)('json');

  const signIn = (c: Context<AppEnv>, userId: string) => {
    const old = readSessionCookie(c);
    if (old) invalidateSession(deps.db, old);
    const session = createSession(deps.db, userId, deps.now());
    writeSessionCookie(c, session.token, session.expiresAt);
    return new Date(session.expiresAt).toISOString();
  };

  const router = createRouter();
  router.use('/api/v1/auth/*', sessionMiddleware(deps));
  router.use('/api/v1/me', sessionMiddleware(deps));
  router.use('/api/v1/me/*', sessionMiddleware(deps));
  return router
    .openapi(registerRoute, (c) =>
      answer(c, '/signup', async () => {
        const { email, password, name } = input(c, RegistrationSchema);
        const user = await createUser(deps.db, { email, password, name }, deps.now());
        const expires_at = signIn(c, user.id);
        return { status: 201, json: { user: presentUser(user), expires_at }, next: '/developer' };
      }),
    )
    .openapi(loginRoute, (c) =>
      answer(c, '/signin', async () => {
        const { email, password } = input(c, CredentialsSchema);
        const keys = [`account:${normaliseEmail(email)}`, `ip:${clientAddress(c)}`];
        const now = deps.now().getTime();
        const wait = throttle.retryAfter(keys, now);
        if (wait) throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s).`, { headers: { 'Retry-After': String(wait) }, retry_after: wait });
        const user = await checkCredentials(deps.db, email, password);
        if (!user) {
          throttle.fail(keys, now);
          throw new ApiError(401, 'invalid_credentials', 'Wrong e-mail address or password.');
        }
        throttle.clear(keys[0]!);
        const expires_at = signIn(c, user.id);
        return { status: 200, json: { user: presentUser(user), expires_at }, next: '/developer' };
      }),
    )
    .openapi(logoutRoute, (c) =>
      answer(c, '/', async () => {
        const token = readSessionCookie(c);
        if (token) invalidateSession(deps.db, token);
        clearSessionCookie(c);
        return { status: 204, next: '/' };
      }),
    )
    .openapi(meRoute, (c) => c.json(presentUser(c.get('user')!), 200));
}
