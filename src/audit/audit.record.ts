import type { AnyDb } from '../db/engine.js';
import { appendAuditRow } from './audit.store.js';

export type AuditEventInput = {
  actor: string | null;
  actorRole?: string | null;
  actorDepartmentId?: string | null;
  action: string;
  target?: string | null;
  /** The department the target belongs to (a dataset's, a user's), so its department admins see the row. */
  targetDepartmentId?: string | null;
  /** A short before/after text; cut to 500 characters. */
  summary?: string | null;
  requestId?: string | null;
  clientHash?: string | null;
  ts?: string;
};

/** Appends one row to the tamper-evident chain (serialized across writers and nodes). */
export async function recordAudit(db: AnyDb, e: AuditEventInput): Promise<void> {
  await appendAuditRow(db, {
    ts: e.ts ?? new Date().toISOString(),
    actor: e.actor,
    actorRole: e.actorRole ?? null,
    actorDepartmentId: e.actorDepartmentId ?? null,
    action: e.action,
    target: e.target ?? null,
    targetDepartmentId: e.targetDepartmentId ?? null,
    summary: e.summary == null ? null : e.summary.slice(0, 500),
    requestId: e.requestId ?? null,
    clientHash: e.clientHash ?? null,
  });
}
