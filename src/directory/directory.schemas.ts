import { z } from '@hono/zod-openapi';

export const DirectoryUserSchema = z
  .object({
    id: z.string(), email: z.string(), name: z.string(),
    role: z.enum(['user', 'publisher', 'dept_admin', 'reviewer', 'admin']),
    department_id: z.string().nullable(),
    disabled_at: z.string().nullable().openapi({ description: 'When the account was disabled (its sessions and API keys refused); null when active' }),
    created_at: z.string(),
  })
  .openapi('DirectoryUser');

export const NewInviteSchema = z.object({ role: z.enum(['publisher', 'dept_admin']) }).strict().openapi('NewInvite');

export const InviteSchema = z
  .object({
    url: z.string().openapi({ description: 'The one-time link to hand to the invitee (shown once: only its hash is kept)' }),
    token: z.string(),
    department_id: z.string(),
    role: z.enum(['publisher', 'dept_admin']),
    expires_at: z.string().openapi({ description: 'Seven days after it was made' }),
  })
  .openapi('Invite');

export const AcceptInviteSchema = z
  .object({
    token: z.string().max(100),
    email: z.email().max(254).optional().openapi({ description: 'With name and password: a new account. Without: the signed-in account joins.' }),
    name: z.string().trim().max(100).optional(),
    password: z.string().max(200).optional(),
  })
  .strict()
  .openapi('AcceptInvite');

export const SetRoleSchema = z
  .object({
    role: z.enum(['user', 'publisher', 'dept_admin', 'reviewer', 'admin']).openapi({ description: "A department admin may set publisher, dept_admin, or user (takes the person out of the department); admins any role" }),
    department_id: z.string().optional().openapi({ description: 'Admins only: the department of a publisher or dept_admin (default: the current one)' }),
  })
  .strict()
  .openapi('SetRole');

export const ListedSessionSchema = z
  .object({
    id: z.string().openapi({ description: 'The session\'s public id (not its secret)' }),
    browser: z.string().openapi({ example: 'Firefox on Linux' }),
    created_at: z.string().nullable(),
    last_seen_at: z.string().nullable().openapi({ description: 'Updated at most every 5 minutes' }),
    expires_at: z.string(),
    place: z.string().nullable().openapi({ description: 'Where it was first used, coarsely: 4 hex digits of a hash of the network (never an address)' }),
    this_network: z.boolean().openapi({ description: 'First used from the network this request comes from' }),
    current: z.boolean().openapi({ description: 'The session of this request' }),
  })
  .openapi('ListedSession');

export const UserIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'u_abcdefghijklmnop' }) });
export const DepartmentIdParam = z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'transport' }) });
