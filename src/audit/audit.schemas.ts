import { z } from '@hono/zod-openapi';
import { cursorParam, limitParam } from '../lib/schemas.js';

const q = (name: string, description: string, example?: string) =>
  z.string().max(200).optional().openapi({ param: { name, in: 'query' }, description, ...(example ? { example } : {}) });

export const AuditQuery = z.object({
  actor: q('actor', 'Only this actor: a user id, or `cli:<os user>` for the operator CLI'),
  action: q('action', 'Only this action (dotted, e.g. `versions.published`, `auth.sign_in_failed`)', 'versions.published'),
  target: q('target', 'Only this target (e.g. `dataset:bus-stops`, `user:<id>`)'),
  from: q('from', 'From this date or time (UTC, inclusive)', '2026-01-01'),
  to: q('to', 'Until this date (the whole day, UTC) or time (exclusive)', '2026-12-31'),
  limit: limitParam(1000, 100),
  cursor: cursorParam,
}).strict();

export const AuditCsvQuery = AuditQuery.omit({ limit: true, cursor: true }).extend({
  bom: z.enum(['0', '1']).optional().openapi({ param: { name: 'bom', in: 'query' }, description: '1: for Excel (a UTF-8 BOM, formulas neutralised)' }),
}).strict();

export const AuditEventSchema = z.object({
  id: z.number().int(),
  ts: z.string().openapi({ description: 'When (ISO 8601, UTC)' }),
  actor: z.string().nullable().openapi({ description: 'A user id, `cli:<os user>`, or null (an anonymous failed sign-in)' }),
  actor_role: z.string().nullable(),
  actor_department_id: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  target_department_id: z.string().nullable(),
  summary: z.string().nullable().openapi({ description: 'A short before/after text' }),
  request_id: z.string().nullable(),
  client_hash: z.string().nullable().openapi({ description: 'The client address as a daily-salted HMAC (never the address)' }),
  prev_hash: z.string().openapi({ description: 'SHA-256 (hex) of the previous row' }),
  hash: z.string().openapi({ description: 'SHA-256 (hex) of prev_hash and this row\'s content' }),
}).openapi('AuditEvent');
