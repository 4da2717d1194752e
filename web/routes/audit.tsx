import { Hono } from 'hono';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { sessionMiddleware } from '../../src/auth/index.js';
import { auditRead, auditScopeOf, describeQuery, listAudit } from '../../src/audit/index.js';
import type { Lang } from '../i18n.js';
import { htmlErrors, inBothLanguages, render, requestedUrl, signInUrl } from '../render.js';
import { AuditTrailPage, type AuditFilterValues } from '../pages/audit/audit.js';

const text = (v: string | undefined) => (v ? v.trim().slice(0, 200) || undefined : undefined);

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  app.use('/admin/audit', sessionMiddleware(deps));
  app.get('/admin/audit', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(signInUrl(lang, requestedUrl(c)), 303);
    const scope = auditScopeOf(user);
    if (!scope) throw new ApiError(403, 'forbidden', lang === 'en' ? 'The audit trail is for admins, department admins and reviewers.' : '审计日志仅供管理员、部门管理员和考核人员查看。');
    const q = c.req.query();
    const filters: AuditFilterValues = { actor: text(q.actor), action: text(q.action), target: text(q.target), from: text(q.from), to: text(q.to) };
    const page = await listAudit(deps, scope, { ...filters, cursor: text(q.cursor) && q.cursor, limit: 100 });
    await auditRead(deps, c, `page ${describeQuery(filters)}`);
    return render(c, lang, <AuditTrailPage lang={lang} url={requestedUrl(c)} data={{ page, scope: scope.kind, filters, user }} />, { personal: true });
  });
  app.onError(htmlErrors(deps, lang));
  return app;
}

/** The audit trail's page, Chinese at /admin/audit, English at /en/admin/audit. */
export function auditPages(deps: AppDeps) {
  return inBothLanguages(new Hono<AppEnv>(), (lang) => pages(deps, lang));
}
