import { z } from '@hono/zod-openapi';

export const UploadFormSchema = z
  .object({
    file: z.string().openapi({ type: 'string', format: 'binary', description: 'CSV (comma, semicolon or tab; UTF-8 with or without BOM, or GB18030/GBK), XLSX (first sheet), JSON array or NDJSON' }),
    change_note: z.string().openapi({ description: 'What changed in this version (required)' }),
    schema: z.string().optional().openapi({ description: 'Optional JSON array of fields when the columns change; recorded in the version' }),
  })
  .openapi('VersionUpload');

export const PublishedVersionSchema = z
  .object({
    dataset: z.string(),
    n: z.number().int(),
    row_count: z.number().int(),
    diff: z.object({ added: z.number(), removed: z.number(), changed: z.number() }).nullable(),
    published_at: z.string(),
    format: z.enum(['csv', 'xlsx', 'json', 'ndjson']),
    encoding: z.string().nullable(),
    url: z.string(),
  })
  .openapi('PublishedVersion');
