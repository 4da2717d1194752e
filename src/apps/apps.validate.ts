import { z } from '@hono/zod-openapi';
import { ApiError } from '../lib/errors.js';
import { appKinds } from './apps.table.js';
import type { SubmitAppInput } from './apps.types.js';

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

/** A submission's fields, as JSON or as the fields of a multipart form (`datasets` repeated). */
export const SubmitAppSchema = z.object({
  name_zh: z.string().trim().min(1).max(100).openapi({ example: '公交实时查询小程序' }),
  name_en: optionalText(200).openapi({ type: 'string', example: 'Live bus times mini-program' }),
  kind: z.enum(appKinds),
  description_zh: z.string().trim().min(1).max(5000),
  description_en: optionalText(5000).openapi({ type: 'string' }),
  url: z.string().trim().max(500).url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').nullish().or(z.literal('').transform(() => null))
    .openapi({ type: 'string', example: 'https://example.org/app' }),
  contact: z.string().trim().min(1).max(200),
  datasets: z.array(z.string().trim().min(1).max(200)).min(1).max(50).openapi({ example: ['bus-routes', 'bus-stops'] }),
}).strict();

export type ValidSubmission = { name_zh: string; name_en: string | null; kind: SubmitAppInput['kind']; description_zh: string; description_en: string | null; url: string | null; contact: string; datasets: string[] };

export function validateSubmission(input: unknown): ValidSubmission {
  const parsed = SubmitAppSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
    throw new ApiError(400, 'invalid_body', `Invalid value '${errors[0]?.field}': ${errors[0]?.message}`, { errors });
  }
  const v = parsed.data;
  return { ...v, url: v.url ?? null, name_en: v.name_en ?? null, description_en: v.description_en ?? null, datasets: [...new Set(v.datasets)] };
}
