import { z } from '@hono/zod-openapi';
import { appKinds, appStatuses } from './apps.table.js';

export { SubmitAppSchema } from './apps.validate.js';

const DatasetRef = z.object({ id: z.string(), code: z.string(), title_zh: z.string(), title_en: z.string().nullable(), department_id: z.string(), theme_id: z.string().nullable() });
const Screenshot = z.object({ position: z.number().int(), url: z.string(), width: z.number().int(), height: z.number().int(), content_type: z.string() });

export const AppSummarySchema = z.object({
  id: z.string().openapi({ example: 'app_x3F9k2LmQp7a' }),
  name_zh: z.string(), name_en: z.string().nullable(), kind: z.enum(appKinds),
  description_zh: z.string(), description_en: z.string().nullable(), url: z.string().nullable(),
  status: z.enum(appStatuses), is_demo: z.boolean(), created_at: z.string(), decided_at: z.string().nullable(),
  datasets: z.array(DatasetRef), department_ids: z.array(z.string()), theme_ids: z.array(z.string()), screenshots: z.array(Screenshot),
}).openapi('AppSummary');

export const AppDetailSchema = AppSummarySchema.extend({
  contact: z.string(), submitted_by: z.string(), submitter_name: z.string().nullable(), decided_by: z.string().nullable(),
  reject_reason: z.string().nullable(), updated_at: z.string(),
  evidence: z.object({
    claimed: z.array(z.string()).openapi({ description: 'The datasets the app names' }),
    observed: z.array(z.string()).openapi({ description: "Those of them the submitter's API keys called (2xx) in the last 90 days" }),
    checked_at: z.string(), has_keys: z.boolean(),
  }).nullable().openapi({ description: 'Claimed vs observed use; shown to the submitter and to those who may moderate the app, null to anyone else' }),
  can_moderate: z.boolean(),
}).openapi('AppDetail');

export const AppListQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Words in the name or description' }),
  theme: z.string().max(100).optional(), department: z.string().max(100).optional(),
  kind: z.enum(appKinds).optional(), dataset: z.string().max(200).optional().openapi({ description: 'Apps naming this dataset (id)' }),
  status: z.enum(appStatuses).optional().openapi({ description: 'Default approved (public); pending and rejected list only what you submitted or may moderate' }),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}).strict();

export const AppListSchema = z.object({ data: z.array(AppSummarySchema), total: z.number().int(), page: z.number().int(), limit: z.number().int() });

/** The multipart form: the same fields, `datasets` repeated, `screenshots` up to 3 files. */
export const AppFormSchema = z.object({
  name_zh: z.string().optional(), name_en: z.string().optional(), kind: z.string().optional(), description_zh: z.string().optional(),
  description_en: z.string().optional(), url: z.string().optional(), contact: z.string().optional(),
  datasets: z.union([z.string(), z.array(z.string())]).optional().openapi({ description: 'A dataset id; repeat the field for each' }),
  screenshots: z.any().optional().openapi({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'Up to 3 PNG, JPEG or WebP images of at most 2 MB each; re-encoded, never served as uploaded' }),
}).openapi('AppForm');

export const RejectBody = z.object({ reason: z.string().trim().min(1, 'a rejection needs a reason').max(2000) }).strict();
