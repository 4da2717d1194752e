import type { WarningTimes } from './warnings.store.js';

/** A period's bounds as the assessment gives them: half-open [start, end) and the instant figures are taken at. */
export type FigureRange = { start: string; end: string; asOf: string };

/** One department's warnings in a period, for the monthly report. */
export type WarningFigures = { department_id: string; opened: number; due: number; closed_on_time: number; overdue: number; rectified_on_time: number | null };

const ms = (iso: string) => Date.parse(iso);

/**
 * Counted in JavaScript from every warning's times (instants compared as instants, so both engines agree):
 * `opened` in the period; `due` = due in the period and already judged (the due date passed, or closed by it);
 * `closed_on_time` of those; `overdue` = open past its due date at `asOf`, or closed late, among those opened before the end.
 * `rectified_on_time` = closed_on_time / due in percent, null when nothing was due (README: warnings_rectified_on_time).
 */
export function warningFigures(rows: WarningTimes[], range: FigureRange): Map<string, WarningFigures> {
  const [start, end, asOf] = [ms(range.start), ms(range.end), ms(range.asOf)];
  const out = new Map<string, WarningFigures>();
  for (const w of rows) {
    const f = out.get(w.departmentId) ?? { department_id: w.departmentId, opened: 0, due: 0, closed_on_time: 0, overdue: 0, rectified_on_time: null };
    out.set(w.departmentId, f);
    const [opened, due, closed] = [ms(w.openedAt), ms(w.dueAt), w.closedAt === null ? null : ms(w.closedAt)];
    const onTime = closed !== null && closed <= due;
    if (opened >= start && opened < end) f.opened++;
    if (due >= start && due < end && (due < asOf || onTime)) {
      f.due++;
      if (onTime) f.closed_on_time++;
    }
    if (opened < end && due < asOf && !onTime && (closed === null || closed > due)) f.overdue++;
  }
  for (const f of out.values()) f.rectified_on_time = f.due ? (100 * f.closed_on_time) / f.due : null;
  return out;
}

/** The indicator's statement (SQLite, :start/:end/:as_of), printed in the README and run by tests/assessment.test.ts. */
export const rectifiedOnTimeSql = `SELECT department_id,
       100.0 * SUM(CASE WHEN closed_at IS NOT NULL AND julianday(closed_at) <= julianday(due_at) THEN 1 ELSE 0 END) / COUNT(*) AS value
  FROM warnings
 WHERE julianday(due_at) >= julianday(:start) AND julianday(due_at) < julianday(:end)
   AND (julianday(due_at) < julianday(:as_of)
        OR (closed_at IS NOT NULL AND julianday(closed_at) <= julianday(due_at)))
 GROUP BY department_id`;
