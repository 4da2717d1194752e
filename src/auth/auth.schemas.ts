import { z } from '@hono/zod-openapi';

export const CredentialsSchema = z
  .object({
    email: z.email('must be an e-mail address').max(254).openapi({ example: 'dev@example.com' }),
    password: z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters').openapi({ example: 'correct horse battery' }),
  })
  .strict()
  .openapi('Credentials');

export const RegistrationSchema = CredentialsSchema.extend({
  name: z.string().trim().max(100).optional().openapi({ example: '张三' }),
})
  .strict()
  .openapi('Registration');

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
