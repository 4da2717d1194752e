import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { requireUser, sessionMiddleware } from '../auth/index.js';
import { ApiError } from '../lib/errors.js';
import { sessionSecurity } from '../lib/openapi.js';
import { createRouter } from '../lib/router.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { ExplanationBody, ReviewBody, WarningIdParam, WarningSchema, WarningsQuery } from './monitoring.schemas.js';
import { explainWarning, listWarnings, reviewWarning } from './warnings.service.js';

const tags = ['Monitoring'];
const errors = { 401: problemResponse('Not signed in (`unauthenticated`)'), 403: problemResponse('Not the department concerned, nor a reviewer (`forbidden`)') };

const jsonOnly: MiddlewareHandler = async function jsonOnly(c, next) {
  if ((c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  await c.req.json().catch(() => {
    throw new ApiError(400, 'invalid_body', 'The request body is not valid JSON.');
  });
  await next();
};

const listRoute = createRoute({
  operationId: 'listWarnings', security: sessionSecurity, method: 'get', path: '/api/v1/warnings', tags, middleware: [requireUser] as const,
  summary: "Warnings of the monitoring loop (预警): a department's own; reviewers and admins every department's",
  request: { query: WarningsQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(WarningSchema) }), 'Newest first, with their events'), ...errors },
});

const explainRoute = createRoute({
  operationId: 'explainWarning', security: sessionSecurity, method: 'post', path: '/api/v1/warnings/{id}/explanation', tags, middleware: [requireUser, jsonOnly] as const,
  summary: 'The department explains a warning (a reviewer then accepts or rejects the explanation)',
  request: { params: WarningIdParam, body: { content: { 'application/json': { schema: ExplanationBody } }, required: true } },
  responses: { 200: jsonResponse(WarningSchema, 'Explained: awaiting review'), ...errors, 404: problemResponse('No such warning'), 409: problemResponse('The warning is closed (`warning_closed`)') },
});

const reviewRoute = createRoute({
  operationId: 'reviewWarning', security: sessionSecurity, method: 'post', path: '/api/v1/warnings/{id}/review', tags, middleware: [requireUser, jsonOnly] as const,
  summary: "A reviewer accepts (closing the warning) or rejects (with a `note`) the department's explanation",
  request: { params: WarningIdParam, body: { content: { 'application/json': { schema: ReviewBody } }, required: true } },
  responses: { 200: jsonResponse(WarningSchema, 'Reviewed'), 400: problemResponse('A rejection without a note'), ...errors, 404: problemResponse('No such warning'), 409: problemResponse('No explanation awaits review (`nothing_to_review`)') },
});

export function monitoringRoutes(deps: AppDeps) {
  const router = createRouter();
  const session = sessionMiddleware(deps);
  for (const path of ['/api/v1/warnings', '/api/v1/warnings/*']) router.use(path, session);
  return router
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      c.header('Cache-Control', 'private, no-store');
      return c.json({ data: await listWarnings(deps, c.get('user'), { status: q.status as never, kind: q.kind, department: q.department }) }, 200);
    })
    .openapi(explainRoute, async (c) => c.json(await explainWarning(deps, c.get('user')!, c.req.valid('param').id, c.req.valid('json').explanation) as never, 200))
    .openapi(reviewRoute, async (c) => {
      const body = c.req.valid('json');
      return c.json(await reviewWarning(deps, c.get('user')!, c.req.valid('param').id, body.decision, body.note) as never, 200);
    });
}
