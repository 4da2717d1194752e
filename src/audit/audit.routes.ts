import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { csvEncoder } from '../lib/csv.js';
import { linkNext } from '../lib/links.js';
import { sessionSecurity } from '../lib/openapi.js';
import { createRouter } from '../lib/router.js';
import { jsonResponse, listEnvelope, problemResponse } from '../lib/schemas.js';
import { auditFrom } from './audit.context.js';
import { AuditCsvQuery, AuditEventSchema, AuditQuery } from './audit.schemas.js';
import { auditJson, describeQuery, listAudit, requireAuditScope } from './audit.service.js';
import { recordAudit } from './audit.record.js';

const tags = ['Audit'];
const errors = {
  400: problemResponse('A bad filter or cursor'),
  401: problemResponse('Not signed in (`unauthenticated`)'),
  403: problemResponse('Not an admin, department admin or reviewer (`forbidden`)'),
};

const listRoute = createRoute({
  operationId: 'listAuditEvents', security: sessionSecurity, method: 'get', path: '/api/v1/admin/audit', tags,
  summary: 'The audit trail, newest first: admins every row, department admins their department\'s, reviewers publish and withdraw events (the read is itself audited)',
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(listEnvelope(AuditEventSchema), 'A page of audit rows'), ...errors },
});

const csvRoute = createRoute({
  operationId: 'exportAuditEventsCsv', security: sessionSecurity, method: 'get', path: '/api/v1/admin/audit.csv', tags,
  summary: 'The same rows as CSV (every matching row the reader may see, newest first; audited as a read)',
  request: { query: AuditCsvQuery },
  responses: { 200: { description: 'CSV (RFC 4180, UTF-8)', content: { 'text/csv': { schema: z.string() } } }, ...errors },
});

export const auditCsvColumns = ['id', 'ts', 'actor', 'actor_role', 'actor_department_id', 'action', 'target', 'target_department_id', 'summary', 'request_id', 'client_hash', 'prev_hash', 'hash'] as const;

/** Reading the trail is itself audited: one 'audit.read' row per request, after the rows were read. */
export async function auditRead(deps: Pick<AppDeps, 'db' | 'now'>, c: Context, what: string): Promise<void> {
  await recordAudit(deps.db, { ...auditFrom(c), action: 'audit.read', target: 'audit', summary: what, ts: deps.now().toISOString() });
}

/** `session`: auth's session middleware, given by createApp (audit imports no feature, so every feature may import audit). */
export function auditRoutes(deps: AppDeps, session: MiddlewareHandler) {
  const router = createRouter();
  for (const path of ['/api/v1/admin/audit', '/api/v1/admin/audit.csv']) router.use(path, session);
  return router
    .openapi(listRoute, async (c) => {
      const scope = requireAuditScope(c.get('user'));
      const q = c.req.valid('query');
      const page = await listAudit(deps, scope, q);
      await auditRead(deps, c, `api ${describeQuery(q)}`);
      c.header('Cache-Control', 'private, no-store');
      if (page.nextCursor) c.header('Link', linkNext(c.req.url, page.nextCursor));
      return c.json({ data: page.rows.map(auditJson), next_cursor: page.nextCursor, total: page.total }, 200);
    })
    .openapi(csvRoute, async (c) => {
      const scope = requireAuditScope(c.get('user'));
      const q = c.req.valid('query');
      const encoder = csvEncoder(auditCsvColumns, { spreadsheet: q.bom === '1' });
      let body = encoder.head();
      let cursor: string | undefined;
      do {
        const page = await listAudit(deps, scope, { ...q, cursor, limit: 1000 });
        body += encoder.rows(page.rows.map(auditJson));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      await auditRead(deps, c, `csv ${describeQuery(q)}`);
      return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': 'attachment; filename="kaifang-audit.csv"', 'Cache-Control': 'private, no-store' });
    });
}
