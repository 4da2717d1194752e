import { z } from '@hono/zod-openapi';
import { fieldSpecSchema } from '../lib/field-spec.js';
import { cursorParam, limitParam } from '../lib/schemas.js';
import { artifactKeys, downloadFormats } from './artifacts.js';

const idParam = z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'bus-stops' });
// Read as a string (anything else is a 404, not a 400) but documented as what it is: a version number.
const nParam = z.string().max(20).openapi({ param: { name: 'n', in: 'path' }, type: 'integer', minimum: 1, example: 1, description: 'Version number (1, 2, ...)' });
const formatParam = z.string().max(50).openapi({ param: { name: 'format', in: 'path' }, enum: [...downloadFormats], example: 'csv', description: `One of ${downloadFormats.join(', ')}; anything else is 404` });

export const DatasetParams = z.object({ id: idParam });
export const VersionParams = z.object({ id: idParam, n: nParam });
export const FileParams = z.object({ id: idParam, n: nParam, format: formatParam });
export const LatestFileParams = z.object({ id: idParam, format: formatParam });

export const DownloadQuery = z
  .object({
    bom: z.enum(['0', '1']).optional().openapi({
      description: 'CSV only: 1 = the spreadsheet (Excel) variant, with a UTF-8 BOM and cells beginning with = + - @ tab or CR prefixed with an apostrophe',
    }),
  })
  .strict();

export const VersionListQuery = z.object({ limit: limitParam(1000, 50), cursor: cursorParam }).strict();
export const NoQuery = z.object({}).strict();

export const VersionFileSchema = z
  .object({
    key: z.enum(artifactKeys).openapi({ description: 'csv_bom is the Excel-friendly CSV (?bom=1)' }),
    format: z.enum(downloadFormats),
    label: z.string(),
    media_type: z.string(),
    url: z.string(),
    bytes: z.number().int().nullable().openapi({ description: 'null while the file has not been built yet' }),
    sha256: z.string().nullable(),
  })
  .openapi('VersionFile');

export const VersionSummarySchema = z
  .object({
    n: z.number().int(),
    status: z.enum(['published', 'withdrawn']),
    published_at: z.string(),
    row_count: z.number().int(),
    change_note: z.string(),
    diff: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }).nullable().openapi({ description: 'Against the previous version, by primary key; null for the first' }),
    url: z.string(),
  })
  .openapi('VersionSummary');

export const VersionSchema = VersionSummarySchema.extend({
  withdrawn_at: z.string().nullable(),
  withdrawn_reason: z.string().nullable(),
  unavailable_reason: z.string().nullable().openapi({ description: 'Set when the rows of this version are missing from the database: its records answer 503 version_unavailable; stored files are still served.' }),
  schema: z.array(fieldSpecSchema),
  artifacts: z.array(VersionFileSchema),
  datapackage_url: z.string(),
  html_url: z.string(),
}).openapi('Version');

export const VersionListSchema = z
  .object({ data: z.array(VersionSchema), next_cursor: z.string().nullable(), total: z.number().int() })
  .openapi('VersionList');

export const DataPackageSchema = z
  .object({
    profile: z.string(),
    name: z.string(),
    title: z.string(),
    version: z.string(),
    resources: z.array(
      z.object({ name: z.string(), path: z.string(), format: z.string(), mediatype: z.string(), bytes: z.number().int().optional(), hash: z.string().optional(), schema: z.object({}).passthrough() }).passthrough(),
    ),
  })
  .passthrough()
  .openapi('DataPackage', { description: 'Frictionless Data Package (https://specs.frictionlessdata.io/data-package/)' });
