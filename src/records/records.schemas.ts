import { z } from '@hono/zod-openapi';
import { problemResponse } from '../lib/schemas.js';
import { defaultLimit, maxLimit, operators } from './records.query.js';
import { streamLimits } from './records.stream.js';

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const RecordFieldSchema = z
  .object({ name: z.string(), type: z.enum(['string', 'integer', 'number', 'boolean', 'date', 'datetime']), label_zh: z.string(), label_en: z.string().nullable(), primary_key: z.boolean() })
  .openapi('RecordField');

export const RecordsPageSchema = z
  .object({
    data: z.array(z.record(z.string(), cell)),
    next_cursor: z.string().nullable(),
    total: z.number().int().openapi({ description: 'Exact number of records matching the filters and q' }),
    version: z.number().int().openapi({ description: 'The version these records belong to' }),
    fields: z.array(RecordFieldSchema),
  })
  .openapi('RecordsPage');

type ParamSchema = { type: 'string'; enum?: string[] } | { anyOf: ({ type: 'integer'; minimum: number; maximum: number } | { type: 'string'; enum: string[] })[] };
const q = (name: string, description: string, example?: string | number, schema: ParamSchema = { type: 'string' }) => ({ name, in: 'query' as const, required: false, description, schema, ...(example !== undefined ? { example } : {}) });

/** Documented by hand: filters are named after each dataset's fields, so no fixed schema validates them. */
export const recordsQueryParameters = [
  {
    name: 'filters',
    in: 'query' as const,
    required: false,
    style: 'form' as const,
    explode: true,
    description: `Filters, one query parameter each (free-form): \`<field>=value\` (exact) or \`<field>__<op>=value\` with op one of ${operators.join(', ')}. Values are read by the field's type (400 naming the field when they cannot be); \`in\` takes a comma list; \`isnull\` takes true/false; \`not\` keeps empty values; several filters combine with AND. Unknown fields: 400 unknown_field; unknown operators: 400 unknown_operator. A field named like a parameter below is filtered as \`<field>__exact\`.`,
    schema: { type: 'object' as const, additionalProperties: { type: 'string' as const } },
    example: { district: '花山区', salary_min__gte: '6000' },
  },
  q('sort', 'Comma list of fields, `-` for descending (e.g. `sort=district,-date`). The primary key is always the final tiebreaker (ascending).', '-date'),
  q('fields', 'Comma list of the fields to return (default: all the key may see).'),
  q('q', 'Full-text search within this version (Chinese-segmented like catalog search), in the text fields the key may see. The first search of a version may answer 503 search_index_building with Retry-After while its index is built.'),
  q('limit', `Records per page, 1-${maxLimit} (default ${defaultLimit}); \`all\` streams the whole result (csv and ndjson only; at most ${streamLimits.perKey} such streams per key and ${streamLimits.total} in all at once).`, 100, { anyOf: [{ type: 'integer', minimum: 1, maximum: maxLimit }, { type: 'string', enum: ['all'] }] }),
  q('cursor', 'Opaque keyset cursor from `next_cursor` / `Link: rel="next"`; it stays on the version it started on.'),
  q('format', 'json (default), csv or ndjson; or use the Accept header.', undefined, { type: 'string', enum: ['json', 'csv', 'ndjson'] }),
  q('bom', '1: the Excel variant of CSV, byte for byte as `data.csv?bom=1` of a version published from issue 16 on: a UTF-8 byte-order mark, a header of the fields\' Chinese labels, and text cells beginning with = + - @ tab or CR prefixed with an apostrophe so spreadsheets do not run them as formulas.', undefined, { type: 'string', enum: ['0', '1', 'true', 'false'] }),
];

const limitHeaders = {
  'X-RateLimit-Limit': { schema: { type: 'integer' as const }, description: 'Requests per minute allowed for this key (without a key: for this client address)' },
  'X-RateLimit-Remaining': { schema: { type: 'integer' as const }, description: 'Requests left in the current minute bucket' },
  'X-RateLimit-Reset': { schema: { type: 'integer' as const }, description: 'Seconds until the minute bucket is full again' },
};

export const recordsResponses = {
  200: {
    description: 'A page of records (or, with limit=all, the whole filtered result streamed as CSV/NDJSON). Carries ETag, X-Total-Count, Link rel="next".',
    headers: limitHeaders,
    content: {
      'application/json': { schema: RecordsPageSchema },
      'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 CSV, header row first' }) },
      'application/x-ndjson': { schema: z.string().openapi({ description: 'One JSON record per line' }) },
    },
  },
  304: { description: 'Not modified (If-None-Match matched the ETag)' },
  400: problemResponse('Invalid query: unknown_field, unknown_operator, unknown_parameter, invalid_value, invalid_parameter, invalid_cursor, key_in_query'),
  401: problemResponse('Invalid API key (invalid_key), or no key for a conditional dataset or while anonymous reads are off (key_required); says where to get one'),
  403: problemResponse('Conditional dataset without a grant (grant_required); a filter, sort or fields= naming a field the grant does not show (field_not_granted)'),
  404: problemResponse('No such dataset or version'),
  410: problemResponse('The version was withdrawn'),
  414: problemResponse('URL longer than 4096 characters'),
  429: problemResponse('Rate limit or daily quota reached (rate_limited, quota_exceeded; without a key the per-address limits of anonymous reads, and the message says a free key raises them and where to get one), or this key already has its most limit=all streams open (too_many_streams); with Retry-After'),
  503: problemResponse('Not ready, busy or too expensive: the version\'s full-text index is being built (search_index_building), the portal serves its most limit=all streams (streams_busy) or expensive queries (queries_busy), all with Retry-After; or a query that no index bounds on a large version ran past its time budget and was stopped (query_too_expensive, naming unindexed_fields and the indexed_fields to filter or sort on instead)'),
};
