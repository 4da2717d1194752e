import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { linkNext } from '../lib/links.js';
import { publicOrigin } from '../lib/public-origin.js';
import { DataPackageSchema, DatasetParams, DownloadQuery, FileParams, LatestFileParams, NoQuery, VersionListQuery, VersionListSchema, VersionParams, VersionSchema } from './versions.schemas.js';
import { getDataPackage, getDatasetVersion, listDatasetVersions } from './versions.api.js';
import { latestDownloadUrl, recordDownload, resolveDownload } from './downloads.js';
import { sessionMiddleware } from '../auth/index.js';
import { requestConsumer } from '../usage/index.js';
import { fileToServe } from './download-response.js';
import { serveStoredFile } from './serve-file.js';
import { downloadFormats } from './artifacts.js';
import { DatasetDetailSchema, getDatasetDetail, presentDatasetDetail } from './dataset-detail.js';
import { optionalSessionSecurity } from '../lib/openapi.js';
import { getVersionQuality, QualityProfileSchema } from './quality.api.js';

const tags = ['Versions and downloads'];
const binary = z.string().openapi({ type: 'string', format: 'binary' });
const fileHeaders = {
  ETag: { schema: { type: 'string' as const }, description: 'Strong ETag: the quoted sha256 of the file ("<sha256>.gz" for the gzip coding)' },
  'Content-Disposition': { schema: { type: 'string' as const }, description: 'attachment; filename="<id>_v<n>.<ext>"; filename*=UTF-8\'\'<title>_v<n>.<ext>' },
  'Cache-Control': { schema: { type: 'string' as const }, description: 'public, max-age=31536000, immutable' },
};

const getDatasetRoute = createRoute({
  operationId: 'getDataset',
  method: 'get',
  path: '/api/v1/datasets/{id}',
  tags: ['Catalog'],
  summary: 'Dataset metadata, fields and versions',
  request: { params: DatasetParams, query: NoQuery },
  responses: { 200: jsonResponse(DatasetDetailSchema, 'The dataset'), 404: problemResponse('No such dataset') },
});

const listRoute = createRoute({
  operationId: 'listVersions',
  method: 'get',
  path: '/api/v1/datasets/{id}/versions',
  tags,
  summary: 'Every version of a dataset, newest first, with its files',
  request: { params: DatasetParams, query: VersionListQuery },
  responses: { 200: jsonResponse(VersionListSchema, 'Versions (file sizes and checksums are null while being built)'), 404: problemResponse('No such dataset') },
});

const versionRoute = createRoute({
  operationId: 'getVersion',
  method: 'get',
  path: '/api/v1/datasets/{id}/versions/{n}',
  tags,
  summary: 'One version: row count, schema, change note, diff, files with sizes and sha256',
  request: { params: VersionParams, query: NoQuery },
  responses: { 200: jsonResponse(VersionSchema, 'The version'), 404: problemResponse('No such dataset or version') },
});

const dataPackageRoute = createRoute({
  operationId: 'getDataPackage',
  method: 'get',
  path: '/api/v1/datasets/{id}/versions/{n}/datapackage.json',
  tags,
  summary: 'Frictionless Data Package of a version',
  request: { params: VersionParams, query: NoQuery },
  responses: { 200: jsonResponse(DataPackageSchema, 'The data package'), 404: problemResponse('No such dataset or version'), 410: problemResponse('Version withdrawn') },
});

const qualityRoute = createRoute({
  operationId: 'getVersionQuality',
  method: 'get',
  path: '/api/v1/datasets/{id}/versions/{n}/quality',
  tags,
  summary: 'Data-quality profile of a version, per field (computed when it was published)',
  description: 'Per field: empty values and their share, distinct values, min and max (numbers and dates), values outside the declared enum or minimum/maximum, dates in the future, each finding with up to 3 examples (open datasets only). Computed once at publish time, never on request.',
  request: { params: VersionParams, query: NoQuery },
  responses: {
    200: jsonResponse(QualityProfileSchema, 'The profile'),
    404: problemResponse('No such dataset or version'),
    503: problemResponse('quality_not_computed: the profile of a version from before profiles is being computed in the background; Retry-After'),
  },
});

export const fileRoute = createRoute({
  operationId: 'downloadVersionFile', security: optionalSessionSecurity,
  method: 'get',
  path: '/api/v1/datasets/{id}/versions/{n}/data.{format}',
  tags,
  summary: 'Download a version as CSV, JSON, NDJSON or XLSX',
  description:
    'Immutable: strong ETag (sha256), If-None-Match -> 304, one byte Range -> 206 (unsatisfiable -> 416; malformed -> the whole file), ' +
    'Accept-Encoding: gzip served precompressed (not with Range), HEAD supported. `?bom=1` on CSV gives the Excel variant.',
  request: { params: FileParams, query: DownloadQuery },
  responses: {
    200: { description: 'The file', headers: fileHeaders, content: { 'text/csv': { schema: binary }, 'application/json': { schema: binary }, 'application/x-ndjson': { schema: binary }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary } } },
    206: { description: 'Part of the file (Content-Range)', content: { 'application/octet-stream': { schema: binary } } },
    304: { description: 'Not modified' },
    307: { description: 'Only with KAIFANG_FILES_REDIRECT=1 (files in a bucket): Location is a presigned URL of the same representation, valid 5 minutes; the bucket answers the Range itself. Counted as a download here.' },
    400: problemResponse('Invalid parameter'),
    403: problemResponse('Conditional dataset: a grant is required'),
    404: problemResponse(`No such dataset, version or format (formats: ${downloadFormats.join(', ')})`),
    410: problemResponse('Version withdrawn; the problem names the replacement'),
    416: problemResponse('Range not satisfiable (Content-Range: bytes */size)'),
  },
});

export const latestFileRoute = createRoute({
  operationId: 'downloadLatestFile',
  method: 'get',
  path: '/api/v1/datasets/{id}/data.{format}',
  tags,
  summary: 'Redirect (307) to the latest published version of a download',
  request: { params: LatestFileParams, query: DownloadQuery },
  responses: { 307: { description: 'Location: the versioned URL; Cache-Control: public, max-age=60' }, 404: problemResponse('No such dataset or format') },
});

/** Query checks for the two file routes, which Hono routes by regex and so validates here. */
function downloadQuery(c: Context<AppEnv>): { bom: boolean } {
  const parsed = DownloadQuery.safeParse(c.req.query());
  if (parsed.success) return { bom: parsed.data.bom === '1' };
  const unknown = Object.keys(c.req.query()).filter((k) => k !== 'bom');
  if (unknown.length) throw new ApiError(400, 'unknown_parameter', `Unknown query parameter: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'not a known parameter' })) });
  throw new ApiError(400, 'invalid_parameter', "Invalid query parameter 'bom': must be 0 or 1", { errors: [{ field: 'bom', message: 'must be 0 or 1' }] });
}

export function versionsRoutes(deps: AppDeps) {
  const router = createRouter()
    .openapi(getDatasetRoute, async (c) => {
      const { row, versions } = await getDatasetDetail(deps, c.req.valid('param').id);
      return c.json(presentDatasetDetail(row, versions), 200);
    })
    .openapi(listRoute, async (c) => {
      const result = await listDatasetVersions(deps, c.req.valid('param').id, c.req.valid('query'));
      if (result.next_cursor) c.header('Link', linkNext(c.req.url, result.next_cursor));
      return c.json(result, 200);
    })
    .openapi(versionRoute, async (c) => {
      const { id, n } = c.req.valid('param');
      return c.json(await getDatasetVersion(deps, id, n), 200);
    })
    .openapi(dataPackageRoute, async (c) => {
      const { id, n } = c.req.valid('param');
      return c.json(await getDataPackage(deps, id, n, publicOrigin(c, deps.env)), 200);
    })
    .openapi(qualityRoute, async (c) => {
      const { id, n } = c.req.valid('param');
      return c.json(await getVersionQuality(deps, id, n), 200);
    });

  // `data.{format}` is half a path segment, which Hono's router only matches as a regex parameter;
  // the routes are documented through the registry and validated in the handlers.
  router.openAPIRegistry.registerPath(fileRoute);
  router.openAPIRegistry.registerPath(latestFileRoute);
  // The session tells who downloads (a department user's download is a share); usage counting needs it.
  router.use('/api/v1/datasets/:id/versions/:n/:file{data\\.[^/]*}', sessionMiddleware(deps));
  router.get('/api/v1/datasets/:id/versions/:n/:file{data\\.[^/]*}', async (c) => {
    const startedMs = performance.now();
    const { bom } = downloadQuery(c);
    const user = c.get('user');
    const consumer = { userId: user?.id ?? null, departmentId: user?.departmentId ?? null, role: user?.role ?? null };
    const target = await resolveDownload(deps, { datasetId: c.req.param('id'), n: c.req.param('n'), format: c.req.param('file').slice(5), bom, consumer });
    const { response: res, sent } = await serveStoredFile(c.req.raw, await fileToServe(deps, target), { files: deps.files, redirect: deps.env.KAIFANG_FILES_REDIRECT === '1' });
    // A conditional file was served to someone entitled to it: no shared cache may keep it for others.
    if (target.dataset.open_type !== 'open' && res.status !== 307) res.headers.set('Cache-Control', 'private, max-age=3600');
    res.headers.set('X-Request-Id', c.get('requestId'));
    recordDownload(deps, target, { method: c.req.method, consumer: requestConsumer(c, deps), startedMs }, sent);
    return res;
  });
  router.get('/api/v1/datasets/:id/:file{data\\.[^/]*}', async (c) => {
    const { bom } = downloadQuery(c);
    const location = await latestDownloadUrl(deps, { datasetId: c.req.param('id'), format: c.req.param('file').slice(5), bom });
    return c.body(null, 307, { Location: location, 'Cache-Control': 'public, max-age=60' });
  });
  return router;
}
