import { z } from '@hono/zod-openapi';

export const NewKeySchema = z.object({ name: z.string().trim().min(1, 'give the key a name').max(60).openapi({ example: '公交到站小程序' }) }).strict().openapi('NewKey');

export const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first 8 characters after `kf_`, to recognise the key', example: 'Xb3k9QaP' }),
    rate_per_min: z.number().int(),
    daily_quota: z.number().int(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    used_today: z.number().int().openapi({ description: 'Requests today (UTC day) counted against the daily quota' }),
  })
  .openapi('ApiKey');

export const CreatedKeySchema = KeySchema.extend({
  secret: z.string().openapi({ description: 'The key itself. Shown this once; only its hash is stored.', example: 'kf_...' }),
}).openapi('CreatedApiKey');

export const KeyIdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'k_abc' }) });
