import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { auditTables } from './audit.tables.js';
import { AUDIT_PUBLISH_ACTIONS } from './audit.actions.js';
import type { AuditRow } from './audit.chain.js';

/** What a reader may see: everything; a department's rows (its people's actions and actions on its things); the publish/withdraw actions. */
export type AuditScope = { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'publishing' };

export type AuditFilters = { actor?: string; action?: string; target?: string; from?: string; to?: string };

function whereOf(db: AnyDb, scope: AuditScope, f: AuditFilters, beforeId?: number): SQL | undefined {
  const e = auditTables(db).auditEvents;
  const parts: (SQL | undefined)[] = [
    f.actor ? eq(e.actor, f.actor) : undefined,
    f.action ? eq(e.action, f.action) : undefined,
    f.target ? eq(e.target, f.target) : undefined,
    f.from ? gte(e.ts, f.from) : undefined,
    f.to ? lt(e.ts, f.to) : undefined,
    beforeId === undefined ? undefined : lt(e.id, beforeId),
  ];
  if (scope.kind === 'department') parts.push(or(eq(e.actorDepartmentId, scope.departmentId), eq(e.targetDepartmentId, scope.departmentId)));
  if (scope.kind === 'publishing') parts.push(inArray(e.action, [...AUDIT_PUBLISH_ACTIONS]));
  return and(...parts.filter((p): p is SQL => p !== undefined));
}

/** A page of the trail, newest first (id as the key), and how many rows match in all. */
export async function searchAudit(db: AnyDb, scope: AuditScope, f: AuditFilters, page: { beforeId?: number; limit: number }): Promise<{ rows: AuditRow[]; total: number }> {
  const e = auditTables(db).auditEvents;
  const rows = (await builder(db).select().from(e).where(whereOf(db, scope, f, page.beforeId)).orderBy(desc(e.id)).limit(page.limit)) as AuditRow[];
  const [count] = await builder(db).select({ n: sql<number>`count(*)` }).from(e).where(whereOf(db, scope, f));
  return { rows, total: Number(count?.n ?? 0) };
}
