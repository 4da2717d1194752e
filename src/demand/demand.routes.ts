import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import { linkNext } from '../lib/links.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { requireUser } from '../auth/index.js';
import type { DemandCtx } from './demand.context.js';
import { listDemands, type DemandFilters, type ListPosition } from './demand.queries.js';
import { presentComment, presentDemand, presentDemandDetail } from './demand.present.js';
import { createRequest } from './demand.requests.js';
import { findVisibleDemand, takeAction } from './demand.transition.js';
import { addComment, addVote, removeVote } from './demand.social.js';
import { jsonBody } from './demand.http.js';
import { ActionBody, ActionParams, CommentBody, CommentSchema, CreateDemandBody, DemandDetailSchema, DemandListQuery, DemandListSchema } from './demand.schemas.js';
import { optionalSessionSecurity, sessionSecurity } from '../lib/openapi.js';
import { auditFrom } from '../audit/index.js';

const tags = ['Demand board'];
const idParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'dm_abcdefghijklmnop' }) });
const signedIn = { 401: problemResponse('Not signed in (`unauthenticated`)') };
const body = <T extends z.ZodType>(schema: T, required = true) => ({ body: { content: { 'application/json': { schema } }, required } });

const listRoute = createRoute({
  operationId: 'listDemands', security: optionalSessionSecurity,
  method: 'get', path: '/api/v1/demands', tags,
  summary: 'Demands: data applications (数据申请, kind `order`, seen by the departments involved), data requests (数据需求, `new_data`) and corrections (纠错, `correction`), both public; overdue ones flagged',
  request: { query: DemandListQuery },
  responses: { 200: jsonResponse(DemandListSchema, 'Newest first'), 400: problemResponse('Unknown parameter or bad value') },
});

const createDemandRoute = createRoute({
  operationId: 'createDemand', security: sessionSecurity,
  method: 'post', path: '/api/v1/demands', tags, middleware: [requireUser, jsonBody()] as const,
  summary: 'Ask for data that is not open yet (a data request, `new_data`) or report an error in a dataset (a correction); data applications come from the request list (`/api/v1/cart/checkout`)',
  request: body(CreateDemandBody),
  responses: { 201: jsonResponse(DemandDetailSchema, 'The new demand'), 400: problemResponse('Invalid body'), 422: problemResponse('Unknown dataset, department, field or row'), ...signedIn },
});

const getRoute = createRoute({
  operationId: 'getDemand', security: optionalSessionSecurity,
  method: 'get', path: '/api/v1/demands/{id}', tags, summary: 'One demand with its timeline (every transition), items, deliveries and comments',
  request: { params: idParams },
  responses: { 200: jsonResponse(DemandDetailSchema, 'The demand'), 401: problemResponse('An order, and not signed in'), 403: problemResponse("Another department's order"), 404: problemResponse('No such demand') },
});

const actionRoute = createRoute({
  operationId: 'transitionDemand', security: sessionSecurity,
  method: 'post', path: '/api/v1/demands/{id}/{action}', tags, middleware: [requireUser, jsonBody(true)] as const,
  summary: 'Take a step: accept, request-info, answer, reject, deliver, confirm, cancel (data applications); plan, fulfil, reject (data requests); accept, fix, reject (corrections)',
  description: 'Provider steps are for publishers of the provider department (or an admin); answer, confirm and cancel for the requester. A step that does not start from the current status is 409 `invalid_transition` naming it.',
  request: { params: ActionParams, ...body(ActionBody, false) },
  responses: {
    200: jsonResponse(DemandDetailSchema, 'The demand after the step'), 400: problemResponse('The step lacks what it needs (reason, rating, date...)'), ...signedIn,
    403: problemResponse('Not your step to take'), 404: problemResponse('No such demand'), 409: problemResponse('`invalid_transition`: not possible from the current status'), 422: problemResponse('Unknown dataset or version, or a dataset no longer deliverable'),
  },
});

const commentRoute = createRoute({
  operationId: 'commentOnDemand', security: sessionSecurity,
  method: 'post', path: '/api/v1/demands/{id}/comments', tags, middleware: [requireUser, jsonBody()] as const, summary: 'Comment on a demand (at most 5,000 characters)',
  request: { params: idParams, ...body(CommentBody) },
  responses: { 201: jsonResponse(CommentSchema, 'The comment'), 400: problemResponse('Empty or longer than 5,000 characters'), ...signedIn, 403: problemResponse("Another department's order"), 404: problemResponse('No such demand') },
});

const VoteSchema = z.object({ votes: z.number().int(), voted: z.boolean() });
const voteRoute = createRoute({
  operationId: 'voteForDemand', security: sessionSecurity,
  method: 'post', path: '/api/v1/demands/{id}/votes', tags, middleware: [requireUser] as const, summary: 'Vote for a data request or correction (once per person)',
  request: { params: idParams },
  responses: { 201: jsonResponse(VoteSchema, 'Voted'), 200: jsonResponse(VoteSchema, 'Had voted already'), ...signedIn, 404: problemResponse('No such demand'), 422: problemResponse('Orders are not voted on') },
});

const unvoteRoute = createRoute({
  operationId: 'withdrawVote', security: sessionSecurity,
  method: 'delete', path: '/api/v1/demands/{id}/votes', tags, middleware: [requireUser] as const, summary: 'Take my vote back',
  request: { params: idParams },
  responses: { 200: jsonResponse(VoteSchema, 'Not voting (any more)'), ...signedIn, 404: problemResponse('No such demand'), 422: problemResponse('Orders are not voted on') },
});

export function demandApiRoutes(ctx: DemandCtx) {
  const { deps } = ctx;
  const router = createRouter();
  return router
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const filters: DemandFilters = { kind: q.kind, status: q.status, department: q.department, side: q.side, dataset: q.dataset, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' };
      const fingerprint = `demands|${JSON.stringify(filters)}`;
      const after = q.cursor ? deps.cursors.decode<ListPosition>(q.cursor, fingerprint) : null;
      const page = await listDemands(deps.db, filters, c.get('user') ?? null, deps.now(), q.limit, after);
      const next = page.next ? deps.cursors.encode(page.next, fingerprint) : null;
      if (next) c.header('Link', linkNext(c.req.url, next));
      c.header('Cache-Control', 'private, no-cache');
      return c.json({ data: page.rows.map(presentDemand), next_cursor: next, total: page.total }, 200);
    })
    .openapi(createDemandRoute, async (c) => {
      const d = await createRequest(ctx, c.get('user')!, c.req.valid('json'));
      c.header('Location', `/api/v1/demands/${d.id}`);
      return c.json(await presentDemandDetail(deps.db, c.get('user')!, d), 201);
    })
    .openapi(getRoute, async (c) => {
      const user = c.get('user') ?? null;
      const d = await findVisibleDemand(ctx, user, c.req.valid('param').id);
      c.header('Cache-Control', 'private, no-cache');
      return c.json(await presentDemandDetail(deps.db, user, d), 200);
    })
    .openapi(commentRoute, async (c) => {
      const comment = await addComment(ctx, c.get('user')!, c.req.valid('param').id, c.req.valid('json').body);
      return c.json(presentComment(comment, comment.public), 201);
    })
    .openapi(voteRoute, async (c) => {
      const { votes, created } = await addVote(ctx, c.get('user')!, c.req.valid('param').id);
      return c.json({ votes, voted: true }, created ? 201 : 200);
    })
    .openapi(unvoteRoute, async (c) => c.json({ ...await removeVote(ctx, c.get('user')!, c.req.valid('param').id), voted: false }, 200))
    .openapi(actionRoute, async (c) => {
      const { id, action } = c.req.valid('param');
      const d = await takeAction(ctx, c.get('user')!, id, action, c.req.valid('json'), auditFrom(c));
      return c.json(await presentDemandDetail(deps.db, c.get('user')!, d), 200);
    });
}
