import path from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../lib/router.js';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/errors.js';
import { idParam, jsonResponse, problemResponse } from '../../lib/schemas.js';
import { sessionMiddleware, requireAllowed } from '../../auth/index.js';
import { canPublish } from '../../auth/index.js';
import { assertCanPublishFor } from '../../catalog/index.js';
import { getDatasetDetail } from '../dataset-detail.js';
import { publishVersion } from './publish.service.js';
import { receiveUpload } from './upload.js';
import { workerFromBytes } from './validated-rows.js';
import { withdrawVersion } from './withdraw.js';
import { auditFrom } from '../../audit/index.js';
import { problemLanguage, refusalIn } from './problem-language.js';
import { PublishedVersionSchema, UploadFormSchema } from './publish.schemas.js';
import { sessionSecurity } from '../../lib/openapi.js';

const tags = ['Publishing'];
const writers = requireAllowed(canPublish, 'the role publisher or dept_admin');
const forbidden = { 401: problemResponse('Not signed in'), 403: problemResponse('Not a publisher of this department') };

const publishRoute = {
  operationId: 'publishVersion', security: sessionSecurity,
  method: 'post' as const, path: '/api/v1/datasets/{id}/versions', tags,
  summary: 'Publish a new version from a CSV (UTF-8 or GB18030/GBK), XLSX, JSON or NDJSON upload; all or nothing',
  request: { params: idParam('bus-stops'), body: { content: { 'multipart/form-data': { schema: UploadFormSchema } }, required: true } },
  responses: {
    201: jsonResponse(PublishedVersionSchema, 'The new version'),
    409: problemResponse('Another publish of this dataset is running'),
    413: problemResponse('Upload over the size limit'),
    415: problemResponse('Not CSV, XLSX, JSON or NDJSON'),
    422: problemResponse(
      'Rows that do not fit the schema; nothing was published. `errors` lists each problem found in the file in one round (cells that do not fit their field, unknown or missing columns, duplicate primary keys together) with row, column, value, a machine-readable `code` with its `params`, and `message`; `detail` and the messages are in Chinese when Accept-Language prefers zh, else in English',
    ),
    ...forbidden,
  },
};

const withdrawRoute = createRoute({
  operationId: 'withdrawVersion', security: sessionSecurity,
  method: 'post', path: '/api/v1/datasets/{id}/versions/{n}/withdraw', tags, summary: 'Withdraw a version (it then answers 410 with the replacement)',
  middleware: [writers] as const,
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }), n: z.coerce.number().int().min(1).openapi({ param: { name: 'n', in: 'path' } }) }),
    body: { content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(1, 'a reason is required').max(2000) }).strict() } }, required: true },
  },
  responses: { 200: jsonResponse(z.object({ n: z.number().int(), latest_version: z.number().int().nullable() }), 'Withdrawn'), 404: problemResponse('No such version'), 409: problemResponse('Already withdrawn'), ...forbidden },
});

export function publishRoutes(deps: AppDeps) {
  const app = createRouter();
  const session = sessionMiddleware(deps);
  app.use('/api/v1/datasets/:id/versions', async (c, next) => (c.req.method === 'POST' ? session(c, next) : next()));
  app.use('/api/v1/datasets/:id/versions/:n/withdraw', session);
  app.openapi(withdrawRoute, async (c) => {
    const { id, n } = c.req.valid('param');
    return c.json(await withdrawVersion(deps, c.get('user')!, id, n, c.req.valid('json').reason, auditFrom(c)), 200);
  });
  // Registered by hand: the zod validator would buffer the multipart body, and uploads are streamed to disk.
  app.openAPIRegistry.registerPath(publishRoute);
  app.post('/api/v1/datasets/:id/versions', writers, async (c) => {
    const id = c.req.param('id');
    const { row } = await getDatasetDetail(deps, id);
    assertCanPublishFor(c.get('user')!, row.department_id);
    if (Number(c.req.header('content-length') ?? 0) >= workerFromBytes) deps.workers.version.warm(); // starts while the bytes arrive
    const upload = await receiveUpload(c.req.raw, deps.env.KAIFANG_UPLOAD_LIMIT_MB * 1048576, path.join(deps.env.dataDir, 'uploads'));
    try {
      const schema = upload.fields.schema ? parseSchemaField(upload.fields.schema) : undefined;
      const v = await publishVersion(deps, { datasetId: id, filePath: upload.filePath, changeNote: upload.fields.change_note ?? '', publishedBy: c.get('user')!.id, schema, audit: auditFrom(c) });
      return c.json({ dataset: v.dataset, n: v.n, row_count: v.rowCount, diff: v.diff, published_at: v.publishedAt, format: v.format, encoding: v.encoding, url: `/api/v1/datasets/${v.dataset}/versions/${v.n}` }, 201);
    } catch (err) {
      throw err instanceof ApiError && err.status === 422 ? refusalIn(problemLanguage(c.req.header('accept-language')), err) : err;
    } finally {
      upload.cleanup();
    }
  });
  return app;
}

function parseSchemaField(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(422, 'invalid_schema', 'The "schema" part must be a JSON array of fields.');
  }
}
