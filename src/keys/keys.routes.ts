import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppDeps } from '../app-deps.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { requireUser, sessionMiddleware, bodyGuard } from '../auth/index.js';
import { CreatedKeySchema, KeyIdParam, KeySchema, NewKeySchema } from './keys.schemas.js';
import { createKey, listKeys, revokeKey, type KeyRow } from './keys.service.js';
import { sessionSecurity } from '../lib/openapi.js';
import { auditFrom } from '../audit/index.js';

const tags = ['API keys'];
const signedIn = problemResponse('Not signed in (`unauthenticated`)');

const createKeyRoute = createRoute({
  operationId: 'createApiKey', security: sessionSecurity,
  method: 'post', path: '/api/v1/me/keys', tags, middleware: [requireUser, bodyGuard] as const,
  summary: 'Create an API key (the secret is shown once)',
  request: { body: { content: { 'application/json': { schema: NewKeySchema } }, required: true } },
  responses: { 201: jsonResponse(CreatedKeySchema, 'The new key with its secret'), 400: problemResponse('Invalid name'), 401: signedIn, 403: problemResponse('Cross-site request (`csrf`)'), 409: problemResponse('Too many active keys') },
});

const listKeysRoute = createRoute({
  operationId: 'listApiKeys', security: sessionSecurity,
  method: 'get', path: '/api/v1/me/keys', tags, middleware: [requireUser] as const,
  summary: 'My active API keys with their limits and use today',
  request: { query: z.object({}).strict() },
  responses: { 200: jsonResponse(z.object({ data: z.array(KeySchema), total: z.number().int() }), 'Active keys'), 401: signedIn },
});

const revokeKeyRoute = createRoute({
  operationId: 'revokeApiKey', security: sessionSecurity,
  method: 'delete', path: '/api/v1/me/keys/{id}', tags, middleware: [requireUser] as const,
  summary: 'Revoke a key (refused from the next request on)',
  request: { params: KeyIdParam },
  responses: { 204: { description: 'Revoked' }, 401: signedIn, 404: problemResponse('No such active key of yours') },
});

export function keysRoutes(deps: AppDeps) {
  const limiter = deps.rateLimiter;
  const present = async (k: KeyRow) => ({
    id: k.id, name: k.name, prefix: k.prefix, rate_per_min: k.rate_per_min, daily_quota: k.daily_quota,
    created_at: k.created_at, last_used_at: k.last_used_at, used_today: await limiter.usedToday(k.id, deps.now().getTime()),
  });
  const router = createRouter();
  router.use('/api/v1/me/keys', sessionMiddleware(deps));
  router.use('/api/v1/me/keys/*', sessionMiddleware(deps));
  return router
    .openapi(createKeyRoute, async (c) => {
      const key = await createKey(deps.db, c.get('user')!, c.req.valid('json').name, deps.now(), auditFrom(c));
      c.header('Cache-Control', 'no-store');
      return c.json({ ...(await present(key)), secret: key.secret }, 201);
    })
    .openapi(listKeysRoute, async (c) => {
      const data = await Promise.all((await listKeys(deps.db, c.get('user')!.id)).map(present));
      return c.json({ data, total: data.length }, 200);
    })
    .openapi(revokeKeyRoute, async (c) => {
      await revokeKey(deps.db, c.get('user')!.id, c.req.valid('param').id, deps.now(), auditFrom(c));
      return c.body(null, 204);
    });
}
