import { z } from '@hono/zod-openapi';
import { minPasswordLength } from './auth.password-policy.js';

/** The one answer to every accepted registration, whether or not the address had an account already. */
export const registrationAcceptedDetail =
  'If no account used this e-mail address, one now exists: sign in with it (POST /api/v1/auth/login). An address registered already is left unchanged, and this answer is the same either way.';

const email = z.email('must be an e-mail address').max(254).openapi({ example: 'dev@example.com' });

export const CredentialsSchema = z
  .object({
    email,
    // Accounts made before the 10-character rule keep signing in with what they chose then.
    password: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').openapi({ example: 'correct horse battery' }),
  })
  .strict()
  .openapi('Credentials');

export const RegistrationSchema = z
  .object({
    email,
    password: z
      .string()
      .max(200, 'must be at most 200 characters')
      .openapi({
        example: 'correct horse battery',
        description: `At least ${minPasswordLength} characters, not only spaces, and not one of the most common passwords (a list shipped with the portal, compared case-insensitively); otherwise 422 \`password_too_short\`, \`password_blank\` or \`password_too_common\` with a field error.`,
      }),
    name: z.string().trim().max(100).optional().openapi({ example: '张三' }),
  })
  .strict()
  .openapi('Registration');

export const RegistrationAcceptedSchema = z
  .object({
    status: z.literal('accepted'),
    detail: z.string().openapi({ example: registrationAcceptedDetail }),
  })
  .openapi('RegistrationAccepted');

/** What HTML forms post: the same fields plus where to go next; checked in the handler so errors return to the form. */
export const AuthFormSchema = z
  .object({
    email: z.string().optional(),
    password: z.string().optional(),
    name: z.string().optional(),
    next: z.string().optional().openapi({ description: 'Local path to go to after success' }),
    from: z.string().optional().openapi({ description: 'Local path of the form, to return to with ?error=' }),
  })
  .openapi('AuthForm');

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['user', 'publisher', 'dept_admin', 'reviewer', 'admin']),
    department_id: z.string().nullable(),
  })
  .openapi('User');

export const SessionResponseSchema = z.object({ user: UserSchema, expires_at: z.string() }).openapi('Session');
