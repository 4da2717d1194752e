import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { requireUser } from '../auth/index.js';
import { artifactKey, artifactSpecs, serveStoredFile } from '../versions/index.js';
import type { DemandCtx } from './demand.context.js';
import { listNotifications, markRead, type NotificationRow } from './demand.notify.js';
import { getDelivery } from './demand.queries.js';
import { findVisibleDemand } from './demand.transition.js';
import { canDownload } from './demand.access.js';
import { isoSeconds } from '../lib/dates.js';
import { jsonBody } from './demand.http.js';
import { MarkReadBody, NotificationSchema, NotificationsQuery } from './demand.schemas.js';
import { sessionSecurity } from '../lib/openapi.js';

const tags = ['Demand board'];
const signedIn = { 401: problemResponse('Not signed in (`unauthenticated`)') };

const inboxRoute = createRoute({
  operationId: 'listNotifications', security: sessionSecurity,
  method: 'get', path: '/api/v1/me/notifications', tags, middleware: [requireUser] as const, summary: 'My in-app notifications (newest first) and the unread count',
  request: { query: NotificationsQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(NotificationSchema), unread: z.number().int(), total: z.number().int() }), 'Notifications'), ...signedIn },
});

const readRoute = createRoute({
  operationId: 'markNotificationsRead', security: sessionSecurity,
  method: 'post', path: '/api/v1/me/notifications/read', tags, middleware: [requireUser, jsonBody(true)] as const, summary: 'Mark notifications read (all of them without `ids`)',
  request: { body: { content: { 'application/json': { schema: MarkReadBody } }, required: false } },
  responses: { 200: jsonResponse(z.object({ marked: z.number().int(), unread: z.number().int() }), 'Marked'), ...signedIn },
});

const downloadRoute = createRoute({
  operationId: 'downloadDelivery', security: sessionSecurity,
  method: 'get', path: '/api/v1/deliveries/{id}', tags, middleware: [requireUser] as const,
  summary: "A delivered snapshot file (CSV or XLSX), for the requesting department's users only",
  request: { params: z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: {
      description: 'The file; Range and If-None-Match are honoured',
      content: {
        'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    206: { description: 'Part of the file' }, 304: { description: 'Not modified' }, ...signedIn,
    403: problemResponse("Not of the requesting department"), 404: problemResponse('No such delivered file'),
  },
});

// A notification about something else than a demand (an approved app) carries its own link.
const presentNotification = (n: NotificationRow) => ({ ...n, url: n.demand_id ? `/api/v1/demands/${n.demand_id}` : n.link });

const asciiName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export function inboxRoutes(ctx: DemandCtx) {
  const { deps } = ctx;
  return createRouter()
    .openapi(inboxRoute, async (c) => {
      const q = c.req.valid('query');
      const { rows, unread, total } = await listNotifications(deps.db, c.get('user')!.id, q.limit, q.unread === 'true');
      c.header('Cache-Control', 'private, no-store');
      return c.json({ data: rows.map(presentNotification), unread, total }, 200);
    })
    .openapi(readRoute, async (c) => {
      const user = c.get('user')!;
      const marked = await markRead(deps.db, user.id, c.req.valid('json').ids, isoSeconds(deps.now()));
      return c.json({ marked, unread: (await listNotifications(deps.db, user.id, 1, true)).unread }, 200);
    })
    .openapi(downloadRoute, async (c) => {
      const user = c.get('user')!;
      const v = await getDelivery(deps.db, c.req.valid('param').id);
      if (!v || !v.artifact_sha || !v.format) throw new ApiError(404, 'not_found', `No delivered file '${c.req.valid('param').id}'.`);
      const d = await findVisibleDemand(ctx, user, v.demand_id);
      if (!canDownload(user, d)) throw new ApiError(403, 'forbidden', "Delivered files are for the requesting department's users only.");
      const spec = artifactSpecs[v.format as 'csv' | 'xlsx'];
      const name = `${v.dataset_id}_v${v.version}_${d.id}.${spec.ext}`;
      const { response: res } = await serveStoredFile(c.req.raw, {
        identity: { key: artifactKey(v.artifact_sha, spec.ext), size: v.artifact_bytes ?? 0, etag: `"${v.artifact_sha}"` },
        gzip: null,
        digest: Buffer.from(v.artifact_sha, 'hex').toString('base64'),
        headers: {
          'Content-Type': spec.mediaType,
          'Content-Disposition': `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(`${v.title_zh}_v${v.version}.${spec.ext}`).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
          'Cache-Control': 'private, no-store',
        },
      }, { files: deps.files, redirect: deps.env.KAIFANG_FILES_REDIRECT === '1' });
      return res as never;
    });
}
