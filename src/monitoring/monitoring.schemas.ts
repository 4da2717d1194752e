import { z } from '@hono/zod-openapi';
import { warningKinds, warningStatuses } from './monitoring.table.js';

export const WarningSchema = z.object({
  id: z.number().int(),
  kind: z.enum(warningKinds).openapi({ description: 'punctuality: overdue for the declared update frequency; quality: values outside the declared enum or range, or dates in the future, in the latest version; integrity: a file or rows table missing or not matching its record' }),
  status: z.enum(warningStatuses).openapi({ description: 'open; rectifying (an explanation awaits review); escalated (past its due date: the reviewers were told); closed' }),
  dataset: z.object({ id: z.string(), title_zh: z.string(), title_en: z.string() }),
  department_id: z.string(),
  finding: z.record(z.string(), z.unknown()).openapi({ description: 'The evidence, as of the last check' }),
  opened_at: z.string(), due_at: z.string().openapi({ description: 'End of the 5th working day after it was opened (the city\'s holiday calendar)' }),
  closed_at: z.string().nullable(), overdue: z.boolean(),
  explanation: z.string().nullable(), awaiting_review: z.boolean(),
  events: z.array(z.object({ ts: z.string(), type: z.string(), actor: z.string().nullable(), note: z.string().nullable() })),
}).openapi('Warning');

const statusList = z.string().max(100).regex(/^[a-z,]+$/).optional()
  .transform((v) => v?.split(',').filter(Boolean))
  .refine((v) => !v || v.every((s) => (warningStatuses as readonly string[]).includes(s)), `one or more of ${warningStatuses.join(', ')}, comma-separated`);

export const WarningsQuery = z.object({
  status: statusList.openapi({ param: { name: 'status', in: 'query' }, description: `Comma-separated: ${warningStatuses.join(', ')}`, type: 'string' }),
  kind: z.enum(warningKinds).optional().openapi({ param: { name: 'kind', in: 'query' } }),
  department: z.string().max(100).optional().openapi({ param: { name: 'department', in: 'query' }, description: 'Reviewers and admins: one department' }),
});

export const ExplanationBody = z.object({ explanation: z.string().trim().min(1).max(2000) }).openapi('WarningExplanation');
export const ReviewBody = z.object({ decision: z.enum(['accept', 'reject']), note: z.string().max(2000).optional() }).openapi('WarningReview');
export const WarningIdParam = z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }) });
