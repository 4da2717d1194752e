import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import type { SessionUser } from '../lib/context.js';
import { searchAudit, type AuditFilters, type AuditScope } from './audit.query.js';
import type { AuditRow } from './audit.chain.js';

/** Who reads what (issue 18): admins everything, department admins their department's, reviewers publishing and withdrawals. */
export function auditScopeOf(user: SessionUser | null | undefined): AuditScope | null {
  if (user?.role === 'admin') return { kind: 'all' };
  if (user?.role === 'dept_admin' && user.departmentId) return { kind: 'department', departmentId: user.departmentId };
  if (user?.role === 'reviewer') return { kind: 'publishing' };
  return null;
}

export function requireAuditScope(user: SessionUser | null | undefined): AuditScope {
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
  const scope = auditScopeOf(user);
  if (!scope) throw new ApiError(403, 'forbidden', 'The audit trail is for admins, department admins and reviewers.');
  return scope;
}

/** A date alone in `to` means the whole of that day (UTC): the period is [from, to + 1 day). */
export function periodBounds(from?: string, to?: string): Pick<AuditFilters, 'from' | 'to'> {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/;
  const iso = (v: string, label: string) => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new ApiError(400, 'invalid_parameter', `Invalid query parameter '${label}': not a date (YYYY-MM-DD or ISO 8601)`);
    return d;
  };
  return {
    from: from ? iso(from, 'from').toISOString() : undefined,
    to: to ? new Date(iso(to, 'to').getTime() + (dayOnly.test(to) ? 86_400_000 : 0)).toISOString() : undefined,
  };
}

export type AuditPage = { rows: AuditRow[]; total: number; nextCursor: string | null };

export async function listAudit(deps: Pick<AppDeps, 'db' | 'cursors'>, scope: AuditScope, query: { actor?: string; action?: string; target?: string; from?: string; to?: string; cursor?: string; limit: number }): Promise<AuditPage> {
  const filters: AuditFilters = { actor: query.actor || undefined, action: query.action || undefined, target: query.target || undefined, ...periodBounds(query.from || undefined, query.to || undefined) };
  const fingerprint = JSON.stringify(['audit', scope, filters]);
  const beforeId = query.cursor ? deps.cursors.decode<number>(query.cursor, fingerprint) : undefined;
  if (beforeId !== undefined && !Number.isInteger(beforeId)) throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid for this query; start again from the first page.');
  const { rows, total } = await searchAudit(deps.db, scope, filters, { beforeId, limit: query.limit + 1 });
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  return { rows: page, total, nextCursor: more && page.length ? deps.cursors.encode(page.at(-1)!.id, fingerprint) : null };
}

/** The audit row's JSON (snake_case, as the API answers). */
export const auditJson = (r: AuditRow) => ({
  id: r.id, ts: r.ts, actor: r.actor, actor_role: r.actorRole, actor_department_id: r.actorDepartmentId, action: r.action, target: r.target,
  target_department_id: r.targetDepartmentId, summary: r.summary, request_id: r.requestId, client_hash: r.clientHash, prev_hash: r.prevHash, hash: r.hash,
});

/** A one-line description of what a reader asked for, for the 'audit.read' row. */
export const describeQuery = (q: Record<string, string | number | undefined>) =>
  Object.entries(q).filter(([k, v]) => v !== undefined && v !== '' && k !== 'cursor').map(([k, v]) => `${k}=${v}`).join(' ') || 'all';
