import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppDeps } from '../app-deps.js';
import { idParam, jsonResponse, problemResponse } from '../lib/schemas.js';
import { canPublish, requireAllowed, sessionMiddleware } from '../auth/index.js';
import { CreateDatasetSchema, UpdateDatasetSchema, createDataset, updateDataset } from './catalog.write.js';
import { auditFrom } from '../audit/index.js';
import { DatasetMetadataSchema } from './catalog.schemas.js';
import { presentDatasetMetadata } from './catalog.present.js';
import { selectDataset } from './catalog.store.js';
import { sessionSecurity } from '../lib/openapi.js';

// Creating a dataset and editing its metadata (publishers of its department, admins). Its versions are published
// through the versions feature (POST /api/v1/datasets/{id}/versions).

const tags = ['Publishing'];
const writers = requireAllowed(canPublish, 'the role publisher or dept_admin');
const forbidden = { 401: problemResponse('Not signed in'), 403: problemResponse('Not a publisher of this department') };

const createDatasetRoute = createRoute({
  operationId: 'createDataset', security: sessionSecurity,
  method: 'post', path: '/api/v1/datasets', tags, summary: 'Create a dataset (publisher of its department, or admin)',
  middleware: [writers] as const,
  request: { body: { content: { 'application/json': { schema: CreateDatasetSchema } }, required: true } },
  responses: {
    201: { ...jsonResponse(DatasetMetadataSchema, 'Created: its metadata (no versions yet); Location names it'), headers: z.object({ Location: z.string() }) },
    400: problemResponse('Invalid body'), 409: problemResponse('Id or code taken'), 422: problemResponse('Invalid schema or reference'), ...forbidden,
  },
});

const updateDatasetRoute = createRoute({
  operationId: 'updateDataset', security: sessionSecurity,
  method: 'patch', path: '/api/v1/datasets/{id}', tags, summary: 'Edit dataset metadata (recorded with who and when)',
  middleware: [writers] as const,
  request: { params: idParam('bus-stops'), body: { content: { 'application/json': { schema: UpdateDatasetSchema } }, required: true } },
  responses: { 200: jsonResponse(z.object({ id: z.string(), changed: z.array(z.string()) }), 'Changed fields'), 404: problemResponse('No such dataset'), ...forbidden },
});

export function catalogWriteRoutes(deps: AppDeps) {
  const app = createRouter();
  const session = sessionMiddleware(deps);
  app.use('/api/v1/datasets', async (c, next) => (c.req.method === 'POST' ? session(c, next) : next()));
  app.use('/api/v1/datasets/:id', async (c, next) => (c.req.method === 'PATCH' ? session(c, next) : next()));
  app.openapi(createDatasetRoute, async (c) => {
    const id = await createDataset(deps, c.get('user')!, c.req.valid('json'), auditFrom(c));
    c.header('Location', `/api/v1/datasets/${id}`);
    return c.json(presentDatasetMetadata((await selectDataset(deps.db, id))!), 201);
  });
  app.openapi(updateDatasetRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ id, ...(await updateDataset(deps, c.get('user')!, id, c.req.valid('json'), auditFrom(c))) }, 200);
  });
  return app;
}
