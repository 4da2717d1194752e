import type { Context } from 'hono';
import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { sessionSecurity } from '../lib/openapi.js';
import { sessionMiddleware } from './auth.middleware.js';
import { bodyGuard, presentUser } from './auth.http.js';
import { SessionResponseSchema } from './auth.schemas.js';
import { CodeSchema, EnrolmentSchema, RecoveryCodesSchema } from './two-factor.schemas.js';
import { attemptOf, completeSecondFactor, noChallenge, readChallenge } from './two-factor.challenge.js';
import { confirmEnrolment, disableTwoFactor, startEnrolment } from './two-factor.service.js';

const tags = ['Accounts'];
const json = <T extends typeof CodeSchema>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
const throttleNote = 'Wrong codes count like wrong passwords: 10 per 15 minutes per account and per client address, then 429 with Retry-After.';
const common = {
  400: problemResponse('Invalid body'),
  401: problemResponse('Wrong or already used code (`invalid_code`), not signed in (`unauthenticated`), or no sign-in waiting (`no_sign_in_challenge`)'),
  403: problemResponse('Cross-site request (`csrf`)'),
  429: problemResponse('Too many wrong codes (`too_many_attempts`), with Retry-After'),
};

const enrollRoute = createRoute({
  operationId: 'enrollTwoFactor', security: sessionSecurity,
  method: 'post', path: '/api/v1/auth/2fa/enroll', tags, middleware: [bodyGuard] as const,
  summary: 'Start a two-factor enrolment (TOTP)',
  description: 'A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), with its otpauth URI and a QR code drawn by the portal; it is enabled by the first code sent to /confirm. Signed in, or during a sign-in that must enrol (the `kf_2fa` challenge of a 202 from /login). A second call replaces a pending secret.',
  responses: { 200: jsonResponse(EnrolmentSchema, 'The secret to add to an authenticator app'), 409: problemResponse('Two factors are on already (`two_factor_enabled`)'), ...common },
});

const confirmRoute = createRoute({
  operationId: 'confirmTwoFactor', security: sessionSecurity,
  method: 'post', path: '/api/v1/auth/2fa/confirm', tags, middleware: [bodyGuard] as const,
  summary: 'Confirm the enrolment with a first code',
  description: `Turns two factors on and answers ten one-time recovery codes, shown this once. During a sign-in that must enrol, the session starts now (cookie \`kf_session\`, and \`expires_at\`). ${throttleNote}`,
  request: { body: json(CodeSchema) },
  responses: { 200: jsonResponse(RecoveryCodesSchema, 'Enabled'), 409: problemResponse('Nothing to confirm (`no_enrolment`) or on already (`two_factor_enabled`)'), ...common },
});

const verifyRoute = createRoute({
  operationId: 'verifyTwoFactor',
  method: 'post', path: '/api/v1/auth/2fa/verify', tags, middleware: [bodyGuard] as const,
  summary: 'Sign in: the second factor',
  description: `After a 202 from /login: a TOTP code (each 30-second step accepted once) or a recovery code (once). Starts the session. ${throttleNote}`,
  request: { body: json(CodeSchema) },
  responses: { 200: jsonResponse(SessionResponseSchema, 'Signed in; the session cookie `kf_session` is set'), 409: problemResponse('The account must enrol first (`enrolment_required`): /enroll, then /confirm'), ...common },
});

const disableRoute = createRoute({
  operationId: 'disableTwoFactor', security: sessionSecurity,
  method: 'post', path: '/api/v1/auth/2fa/disable', tags, middleware: [bodyGuard] as const,
  summary: 'Turn two factors off',
  description: `Needs a current code (or a recovery code). Refused for a role the portal requires two factors of. ${throttleNote}`,
  request: { body: json(CodeSchema) },
  responses: { 204: { description: 'Off; the recovery codes are deleted' }, 409: problemResponse('Required for your role (`two_factor_required`) or not on (`two_factor_not_enabled`)'), ...common },
});

export function twoFactorRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('/api/v1/auth/2fa/*', sessionMiddleware(deps));
  const signedIn = (c: Context<AppEnv>) => {
    const user = c.get('user');
    if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
    return user;
  };
  // Enrolment by a signed-in user, or by the account of a sign-in that must enrol before its session starts.
  const enrolling = async (c: Context<AppEnv>) => {
    const user = c.get('user');
    if (user) return { user, challenge: false };
    const challenge = await readChallenge(deps, c);
    if (challenge?.mode !== 'enrol') throw noChallenge();
    return { user: challenge.user, challenge: true };
  };
  return router
    .openapi(enrollRoute, async (c) => {
      const { user } = await enrolling(c);
      const e = await startEnrolment(deps, user);
      return c.json({ secret: e.secret, uri: e.uri, qr_svg: e.qrSvg }, 200);
    })
    .openapi(confirmRoute, async (c) => {
      const { code } = c.req.valid('json');
      const { user, challenge } = await enrolling(c);
      if (challenge) {
        const done = await completeSecondFactor(deps, c, code);
        return c.json({ recovery_codes: done.recoveryCodes ?? [], expires_at: done.expiresAt }, 200);
      }
      return c.json({ recovery_codes: await confirmEnrolment(deps, user, code, attemptOf(deps, c)) }, 200);
    })
    .openapi(verifyRoute, async (c) => {
      const { code } = c.req.valid('json');
      // An account that must enrol confirms at /confirm, which answers its recovery codes.
      if ((await readChallenge(deps, c))?.mode === 'enrol') throw new ApiError(409, 'enrolment_required', 'Set up two factors first: POST /api/v1/auth/2fa/enroll, then /confirm with the first code.');
      const done = await completeSecondFactor(deps, c, code);
      return c.json({ user: presentUser(done.user), expires_at: done.expiresAt }, 200);
    })
    .openapi(disableRoute, async (c) => {
      const { code } = c.req.valid('json');
      await disableTwoFactor(deps, signedIn(c), code, attemptOf(deps, c));
      return c.body(null, 204);
    });
}
