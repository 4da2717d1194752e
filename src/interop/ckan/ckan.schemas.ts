import { z } from '@hono/zod-openapi';

// The shapes of CKAN's answers as we fill them, for the OpenAPI document (the routes write the JSON themselves).

const nullableString = z.string().nullable();

export const CkanResourceSchema = z.object({
  id: z.string().openapi({ example: 'bus-routes-v2-csv' }),
  package_id: z.string(),
  name: z.string(),
  description: z.string().openapi({ description: 'The version’s change note' }),
  url: z.string().openapi({ description: 'The version’s immutable download URL' }),
  format: z.enum(['CSV', 'JSON', 'NDJSON', 'XLSX']),
  mimetype: z.string(),
  size: z.number().int().nullable().openapi({ description: 'Bytes; null until the file has been built' }),
  hash: nullableString.openapi({ description: 'sha256 of the file (hex); null until it has been built' }),
  hash_algorithm: nullableString,
  created: z.string(),
  last_modified: z.string(),
  metadata_modified: z.string(),
  position: z.number().int(),
  state: z.string(),
  resource_type: z.null(),
  url_type: z.null(),
  datastore_active: z.boolean(),
  version: z.string(),
}).openapi('CkanResource');

const ref = z.object({ id: z.string(), name: z.string(), title: z.string() }).catchall(z.unknown());

export const CkanPackageSchema = z.object({
  id: z.string().openapi({ example: 'bus-routes' }),
  name: z.string(),
  title: z.string(),
  notes: z.string(),
  url: z.string(),
  version: nullableString,
  state: z.string(),
  type: z.string(),
  private: z.boolean(),
  isopen: z.boolean(),
  license_id: z.string(),
  license_title: z.string(),
  license_url: z.string(),
  author: z.string(),
  author_email: nullableString,
  maintainer: z.string(),
  maintainer_email: nullableString,
  metadata_created: nullableString.openapi({ description: 'UTC without a zone, as CKAN writes it', example: '2024-05-01T08:00:00.000000' }),
  metadata_modified: nullableString,
  owner_org: z.string(),
  organization: ref,
  groups: z.array(ref),
  tags: z.array(z.object({ name: z.string() }).catchall(z.unknown())),
  num_tags: z.number().int(),
  resources: z.array(CkanResourceSchema),
  num_resources: z.number().int(),
  extras: z.array(z.object({ key: z.string(), value: z.string() })).openapi({ description: 'GB/T 21063 items without a CKAN field (identifier = 信息资源代码, share_type, frequency, fields ...)' }),
  relationships_as_object: z.array(z.unknown()),
  relationships_as_subject: z.array(z.unknown()),
}).openapi('CkanPackage');

export const CkanSearchResultSchema = z.object({
  count: z.number().int(),
  sort: z.string(),
  facets: z.record(z.string(), z.record(z.string(), z.number().int())),
  search_facets: z.record(z.string(), z.object({ title: z.string(), items: z.array(z.object({ name: z.string(), display_name: z.string(), count: z.number().int() })) })),
  results: z.array(CkanPackageSchema),
}).openapi('CkanSearchResult');

/** CKAN's envelope around an action's result. */
export const envelopeOf = (result: z.ZodType, name: string) =>
  z.object({
    help: z.string().openapi({ description: 'URL of the action’s description (help_show)' }),
    success: z.boolean(),
    result,
  }).openapi(name);
