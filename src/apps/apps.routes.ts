import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '../lib/router.js';
import type { AppDeps } from '../app-deps.js';
import type { AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { optionalSessionSecurity, sessionSecurity } from '../lib/openapi.js';
import type { BodyLimitRule } from '../lib/body-limit.js';
import { requireUser, sessionMiddleware } from '../auth/index.js';
import { getApp, listApps, moderateApp, readScreenshot, submitApp } from './apps.service.js';
import { maxScreenshotBytes, maxScreenshots } from './apps.images.js';
import { AppDetailSchema, AppFormSchema, AppListQuery, AppListSchema, RejectBody, SubmitAppSchema } from './apps.schemas.js';
import type { ScreenshotUpload } from './apps.types.js';

// The showcase's API (应用成果): list, read, submit (JSON, or a multipart form with screenshots), approve, reject,
// and the re-encoded screenshots.

const tags = ['App showcase'];

/** Three screenshots of 2 MB and the fields: the one route that takes more than the default 64 KB. */
// The submission page's form (web/routes/apps.tsx, /apps/new and /en/apps/new) carries the same screenshots.
export const appsBodyLimits: BodyLimitRule[] = [{ method: 'POST', path: /^(?:\/api\/v1\/apps|(?:\/en)?\/apps\/new)\/?$/, maxBytes: maxScreenshots * maxScreenshotBytes + 512 * 1024 }];

const idParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' }, example: 'app_x3F9k2LmQp7a' }) });
const shotParams = idParams.extend({ n: z.coerce.number().int().min(0).max(maxScreenshots - 1).openapi({ param: { name: 'n', in: 'path' }, example: 0 }) });
const signedIn = { 401: problemResponse('Not signed in (`unauthenticated`)') };
const notFound = { 404: problemResponse('No such app, or not public and not yours to see') };

const listRoute = createRoute({
  operationId: 'listApps', security: optionalSessionSecurity, method: 'get', path: '/api/v1/apps', tags,
  summary: 'Apps and results built on the data (应用成果): approved ones, filtered by theme, department, kind, dataset or words',
  request: { query: AppListQuery },
  responses: { 200: jsonResponse(AppListSchema, 'Newest first'), 400: problemResponse('Unknown parameter or bad value') },
});

const getRoute = createRoute({
  operationId: 'getApp', security: optionalSessionSecurity, method: 'get', path: '/api/v1/apps/{id}', tags,
  summary: 'One app: what it is, the datasets it names, its screenshots; for its submitter and moderators also claimed vs observed use',
  request: { params: idParams },
  responses: { 200: jsonResponse(AppDetailSchema, 'The app'), ...notFound },
});

const submitRoute = createRoute({
  operationId: 'submitApp', security: sessionSecurity, method: 'post', path: '/api/v1/apps', tags, middleware: [requireUser] as const,
  summary: 'Submit an app or result built on the data; it is public once approved',
  description: 'JSON (no screenshots) or multipart/form-data with `screenshots` files: PNG, JPEG or WebP by their bytes (the name and type sent do not count), at most 2 MB each (413 `image_too_large`) and 3 in all; anything else is 415 `unsupported_image`. Every image is re-encoded (upright, at most 1600 px, no metadata). The admins and the publishers of the departments whose datasets it names are notified.',
  request: { body: { content: { 'application/json': { schema: SubmitAppSchema }, 'multipart/form-data': { schema: AppFormSchema } }, required: false } },
  responses: {
    201: jsonResponse(AppDetailSchema, 'The app, pending'), 400: problemResponse('Invalid fields, or more than 3 screenshots'), ...signedIn,
    413: problemResponse('A screenshot over 2 MB (`image_too_large`) or a body over 6.5 MB'), 415: problemResponse('A screenshot that is not a PNG, JPEG or WebP image (`unsupported_image`), or a body that is neither JSON nor a form'),
    422: problemResponse('An unknown dataset'),
  },
});

const moderation = (action: 'approve' | 'reject') => createRoute({
  operationId: action === 'approve' ? 'approveApp' : 'rejectApp', security: sessionSecurity, method: 'post', path: `/api/v1/apps/{id}/${action}`, tags, middleware: [requireUser] as const,
  summary: action === 'approve' ? 'Approve an app: it becomes public; the submitter is notified' : 'Reject an app with a reason; the submitter is notified',
  description: 'Admins, and publishers and department admins of a department owning one of the datasets the app names.',
  request: { params: idParams, ...(action === 'reject' ? { body: { content: { 'application/json': { schema: RejectBody } }, required: true } } : {}) },
  responses: { 200: jsonResponse(AppDetailSchema, 'The app after the decision'), 400: problemResponse('A rejection without a reason'), ...signedIn, 403: problemResponse('Not an admin nor of a department owning a named dataset'), ...notFound },
});

const screenshotRoute = createRoute({
  operationId: 'getAppScreenshot', security: optionalSessionSecurity, method: 'get', path: '/api/v1/apps/{id}/screenshots/{n}', tags,
  summary: 'A screenshot, as re-encoded on submission (WebP)',
  request: { params: shotParams },
  responses: { 200: { content: { 'image/webp': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The image' }, 304: { description: 'Not modified' }, ...notFound },
});

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A multipart form's fields and files; empty file inputs (nothing chosen) are skipped. */
async function readForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody({ all: true });
  const text = (k: string) => { const v = asList(form[k])[0]; return typeof v === 'string' ? v : undefined; };
  const files = asList(form.screenshots).filter((f): f is File => f instanceof File && f.size > 0);
  const screenshots: ScreenshotUpload[] = [];
  for (const f of files) screenshots.push({ bytes: new Uint8Array(await f.arrayBuffer()), filename: f.name, type: f.type });
  const fields = {
    name_zh: text('name_zh') ?? '', name_en: text('name_en'), kind: text('kind'), description_zh: text('description_zh') ?? '',
    description_en: text('description_en'), url: text('url'), contact: text('contact') ?? '',
    datasets: asList(form.datasets).filter((d): d is string => typeof d === 'string' && d.trim() !== ''),
  };
  return { fields, screenshots };
}

async function readSubmission(c: Context<AppEnv>) {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') return readForm(c);
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send the app as application/json or multipart/form-data.');
  try {
    return { fields: await c.req.json(), screenshots: [] };
  } catch {
    throw new ApiError(400, 'invalid_body', 'The request body is not valid JSON.');
  }
}

export function appsRoutes(deps: AppDeps) {
  const router = createRouter();
  const session = sessionMiddleware(deps);
  router.use('/api/v1/apps', session);
  router.use('/api/v1/apps/*', session);
  return router
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const list = await listApps(deps, { q: q.q, themeId: q.theme, departmentId: q.department, kind: q.kind, datasetId: q.dataset, status: q.status, viewer: c.get('user') ?? null, page: q.page, limit: q.limit });
      c.header('Cache-Control', 'private, no-cache');
      return c.json({ data: list.items, total: list.total, page: q.page, limit: q.limit }, 200);
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      const app = await getApp(deps, id, c.get('user') ?? null);
      if (!app) throw new ApiError(404, 'not_found', `App '${id}' does not exist`);
      c.header('Cache-Control', 'private, no-cache');
      return c.json(app, 200);
    })
    .openapi(submitRoute, async (c) => {
      const { fields, screenshots } = await readSubmission(c);
      const app = await submitApp(deps, c.get('user')!, fields, screenshots);
      c.header('Location', `/api/v1/apps/${app.id}`);
      return c.json(app, 201);
    })
    .openapi(moderation('approve'), async (c) => c.json(await moderateApp(deps, c.get('user')!, c.req.valid('param').id, { decision: 'approve' }), 200))
    .openapi(moderation('reject'), async (c) => {
      const { reason } = c.req.valid('json' as never) as { reason: string };
      return c.json(await moderateApp(deps, c.get('user')!, c.req.valid('param').id, { decision: 'reject', reason }), 200);
    })
    .openapi(screenshotRoute, async (c) => {
      const { id, n } = c.req.valid('param');
      const shot = await readScreenshot(deps, id, n, c.get('user') ?? null);
      if (!shot) throw new ApiError(404, 'not_found', `App '${id}' has no screenshot ${n}`);
      const etag = `"${shot.sha256}"`;
      // The bytes behind this URL never change (an app's screenshots are fixed at submission); public once approved.
      const headers = { ETag: etag, 'Cache-Control': shot.public ? 'public, max-age=604800' : 'private, no-cache', 'Content-Type': shot.contentType };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      return c.body(new Uint8Array(shot.bytes), 200, headers) as never;
    });
}
