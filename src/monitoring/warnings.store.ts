import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { monitoringTables } from './monitoring.tables.js';
import type { warningEventTypes, warningKinds, warningStatuses } from './monitoring.table.js';

// The only file that writes and reads the warnings and their events.

export type WarningKind = (typeof warningKinds)[number];
export type WarningStatus = (typeof warningStatuses)[number];
export type WarningEventType = (typeof warningEventTypes)[number];

export type WarningRow = {
  id: number; datasetPk: number; departmentId: string; kind: WarningKind; finding: string; openedAt: string; dueAt: string;
  status: WarningStatus; closedAt: string | null; explanation: string | null;
};
export type WarningEventRow = { warningId: number; ts: string; type: WarningEventType; actor: string | null; note: string | null };

const columns = (w: ReturnType<typeof monitoringTables>['warnings']) => ({
  id: w.id, datasetPk: w.datasetPk, departmentId: w.departmentId, kind: w.kind, finding: w.finding, openedAt: w.openedAt, dueAt: w.dueAt,
  status: w.status, closedAt: w.closedAt, explanation: w.explanation,
});

/**
 * Opens a warning unless one of this dataset and kind is still open (the partial unique index `warnings_one_open_idx`
 * says so on both engines, so two runs at once cannot both open one); with its `opened` event. Null when one was open.
 */
export async function insertWarning(db: AnyDb, w: Pick<WarningRow, 'datasetPk' | 'departmentId' | 'kind' | 'finding' | 'openedAt' | 'dueAt'>): Promise<WarningRow | null> {
  const { warnings, warningEvents } = monitoringTables(db);
  const [row] = await builder(db).insert(warnings).values({ ...w, status: 'open' }).onConflictDoNothing().returning(columns(warnings));
  if (!row) return null;
  await builder(db).insert(warningEvents).values({ warningId: row.id, ts: w.openedAt, type: 'opened', actor: null, note: null });
  return row;
}

export async function insertWarningEvent(db: AnyDb, e: WarningEventRow): Promise<void> {
  const { warningEvents } = monitoringTables(db);
  await builder(db).insert(warningEvents).values(e);
}

/** Sets a warning's status (and closed_at when closing, the explanation when given). */
export async function updateWarning(db: AnyDb, id: number, set: { status?: WarningStatus; closedAt?: string | null; explanation?: string | null; finding?: string }): Promise<void> {
  const { warnings } = monitoringTables(db);
  await builder(db).update(warnings).set(set).where(eq(warnings.id, id));
}

/** Warnings not closed yet, oldest first. */
export async function selectUnclosedWarnings(db: AnyDb): Promise<WarningRow[]> {
  const { warnings } = monitoringTables(db);
  return await builder(db).select(columns(warnings)).from(warnings).where(ne(warnings.status, 'closed')).orderBy(asc(warnings.id));
}

export async function selectWarning(db: AnyDb, id: number): Promise<WarningRow | null> {
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const { warnings } = monitoringTables(db);
  const [row] = await builder(db).select(columns(warnings)).from(warnings).where(eq(warnings.id, id)).limit(1);
  return row ?? null;
}

export type WarningFilter = { departmentId?: string; status?: WarningStatus[]; kind?: WarningKind };

/** Warnings matching the filter, newest first (id as tiebreaker), at most `limit`. */
export async function selectWarnings(db: AnyDb, f: WarningFilter, limit: number): Promise<WarningRow[]> {
  const { warnings } = monitoringTables(db);
  const where = and(
    f.departmentId ? eq(warnings.departmentId, f.departmentId) : undefined,
    f.status?.length ? inArray(warnings.status, f.status) : undefined,
    f.kind ? eq(warnings.kind, f.kind) : undefined,
  );
  return await builder(db).select(columns(warnings)).from(warnings).where(where).orderBy(desc(warnings.openedAt), desc(warnings.id)).limit(limit);
}

/** The events of these warnings, in order. */
export async function selectWarningEvents(db: AnyDb, ids: number[]): Promise<WarningEventRow[]> {
  if (!ids.length) return [];
  const { warningEvents: e } = monitoringTables(db);
  return await builder(db).select({ warningId: e.warningId, ts: e.ts, type: e.type, actor: e.actor, note: e.note }).from(e)
    .where(inArray(e.warningId, ids)).orderBy(asc(e.warningId), asc(e.ts), asc(e.id));
}

export type WarningTimes = { departmentId: string; openedAt: string; dueAt: string; closedAt: string | null };

/** Every warning's department and times (a city has hundreds, not millions): the figures are counted from these. */
export async function selectWarningTimes(db: AnyDb): Promise<WarningTimes[]> {
  const { warnings: w } = monitoringTables(db);
  return await builder(db).select({ departmentId: w.departmentId, openedAt: w.openedAt, dueAt: w.dueAt, closedAt: w.closedAt }).from(w).orderBy(asc(w.id));
}
