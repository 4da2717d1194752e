import { z } from '@hono/zod-openapi';
import { fieldSpecSchema } from '../lib/field-spec.js';
import { cursorParam, limitParam } from '../lib/schemas.js';
import { datasetSorts } from './catalog.service.js';

const ref = z.object({ id: z.string(), name_zh: z.string(), name_en: z.string() });
export const frequencies = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;

export const DatasetSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'bus-stops' }),
    code: z.string(),
    title_zh: z.string(),
    title_en: z.string(),
    summary_zh: z.string(),
    summary_en: z.string(),
    department: ref,
    theme: ref,
    open_type: z.enum(['open', 'conditional']),
    update_frequency: z.enum(frequencies),
    keywords: z.array(z.string()),
    keywords_en: z.array(z.string()),
    latest_version: z.number().int().nullable(),
    records: z.number().int(),
    updated_at: z.string(),
    formats: z.array(z.string()),
    url: z.string(),
    html_url: z.string(),
  })
  .openapi('DatasetSummary');

/** A dataset's whole metadata (what its publisher wrote), without its versions: what creating one answers. */
export const DatasetMetadataSchema = DatasetSummarySchema.extend({
  share_type: z.string(),
  license: z.string(),
  spatial: z.string(),
  industry: z.string().nullable(),
  related_codes: z.array(z.string()),
  created_at: z.string(),
  fields: z.array(fieldSpecSchema),
}).openapi('DatasetMetadata');

const facetBucket = z.object({ value: z.string(), label_zh: z.string(), label_en: z.string(), count: z.number().int() });

export const DatasetListSchema = z
  .object({
    data: z.array(DatasetSummarySchema),
    next_cursor: z.string().nullable(),
    total: z.number().int(),
    facets: z.object({ department: z.array(facetBucket), theme: z.array(facetBucket), open_type: z.array(facetBucket), update_frequency: z.array(facetBucket) }),
  })
  .openapi('DatasetList');

export const DatasetQuerySchema = z
  .object({
    q: z.string().max(1000, 'must be at most 1000 characters').optional().openapi({ description: 'Full-text search (Chinese or English), widened by the portal\'s synonym list (公交车 also finds 公交, 天气 气象)', example: '公交' }),
    department: z.string().max(100).optional().openapi({ example: 'transport' }),
    theme: z.string().max(100).optional(),
    open_type: z.enum(['open', 'conditional']).optional(),
    update_frequency: z.enum(frequencies).optional(),
    sort: z.enum(datasetSorts).optional().openapi({ description: 'A key ascends, `-key` descends (as in the records API): `title` A–Z, `updated` oldest first, `-updated` newest first, `records` fewest first, `-records` most first. `relevance` (default) is best match first, newest first without `q`; it has no `-` form.' }),
    limit: limitParam(1000, 20),
    cursor: cursorParam,
  })
  .strict();

export const DepartmentSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name_zh: z.string(),
    name_en: z.string(),
    contact_phone: z.string().nullable(),
    contact_email: z.string().nullable(),
    datasets: z.number().int(),
    records: z.number().int(),
    url: z.string(),
    html_url: z.string(),
  })
  .openapi('Department');

export const ThemeSchema = z.object({ id: z.string(), name_zh: z.string(), name_en: z.string(), datasets: z.number().int() }).openapi('Theme');

