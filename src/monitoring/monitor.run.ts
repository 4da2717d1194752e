import type { AppDeps } from '../app-deps.js';
import { inTransaction } from '../db/transaction.js';
import { selectCatalog, departmentNameZh } from '../catalog/index.js';
import { loadCalendar, workingDeadline } from '../demand/index.js';
import { isoSeconds } from '../lib/dates.js';
import { allFindings, type Finding } from './monitor.checks.js';
import { notifyDepartment, notifyReviewers, warningText } from './monitoring.notify.js';
import { insertWarning, insertWarningEvent, selectUnclosedWarnings, updateWarning, type WarningRow } from './warnings.store.js';

export type MonitorDeps = Pick<AppDeps, 'db' | 'files' | 'caches' | 'log'>;
export type MonitorSummary = { findings: number; opened: number; stillOpen: number; closed: number; escalated: number };

/** A warning is due this many working days after it was opened (the demand board's first-response time). */
export const warningDueWorkingDays = 5;

const keyOf = (x: { datasetPk: number; kind: string }) => `${x.datasetPk}:${x.kind}`;

/**
 * One round of the loop (监测-预警-整改-复核): checks every dataset; a finding with no open warning opens one (the
 * department told); an open warning whose finding is gone is closed, one still found is noted again and, once past its
 * due date, escalated to the reviewers. Every step is a warning event, at `now`.
 */
export async function runMonitor(deps: MonitorDeps, options: { now: Date; sha256?: boolean }): Promise<MonitorSummary> {
  const { db } = deps;
  const now = options.now;
  const ts = isoSeconds(now);
  const findings = await allFindings(deps, now, { sha256: options.sha256 ?? true });
  const found = new Map(findings.map((f) => [keyOf(f), f]));
  const titles = new Map((await selectCatalog(deps)).map((d) => [d.pk, d.title_zh]));
  const summary: MonitorSummary = { findings: findings.length, opened: 0, stillOpen: 0, closed: 0, escalated: 0 };

  const unclosed = await selectUnclosedWarnings(db);
  for (const w of unclosed) {
    const finding = found.get(keyOf(w));
    found.delete(keyOf(w));
    if (!finding) {
      await closeWarning(deps, w, ts, null, '复核：问题已消除 re-check: the finding is gone');
      summary.closed++;
      continue;
    }
    const escalate = w.status !== 'escalated' && Date.parse(w.dueAt) < now.getTime();
    await inTransaction(db, async (tx) => {
      await updateWarning(tx, w.id, { finding: JSON.stringify(finding.evidence), ...(escalate ? { status: 'escalated' } : {}) });
      await insertWarningEvent(tx, { warningId: w.id, ts, type: 'rechecked_still_present', actor: null, note: null });
      if (!escalate) return;
      const department = (await departmentNameZh(tx, w.departmentId)) ?? w.departmentId;
      const told = await notifyReviewers(tx, warningText.escalated(titles.get(w.datasetPk) ?? String(w.datasetPk), w.kind, department), ts);
      await insertWarningEvent(tx, { warningId: w.id, ts, type: 'escalated', actor: null, note: `notified ${told} reviewer(s)` });
    });
    summary.stillOpen++;
    if (escalate) summary.escalated++;
  }

  const calendar = found.size ? loadCalendar() : null;
  for (const f of found.values()) {
    if (await openWarning(deps, f, now, workingDeadline(calendar!, now, warningDueWorkingDays), titles.get(f.datasetPk) ?? String(f.datasetPk))) summary.opened++;
  }
  return summary;
}

async function openWarning(deps: MonitorDeps, f: Finding, now: Date, dueAt: string, title: string): Promise<boolean> {
  const ts = isoSeconds(now);
  return await inTransaction(deps.db, async (tx) => {
    const w = await insertWarning(tx, { datasetPk: f.datasetPk, departmentId: f.departmentId, kind: f.kind, finding: JSON.stringify(f.evidence), openedAt: ts, dueAt });
    if (!w) return false; // another run opened it meanwhile: one open warning per dataset and kind
    const told = await notifyDepartment(tx, f.departmentId, warningText.opened(title, f.kind, dueAt.slice(0, 10)), ts);
    await insertWarningEvent(tx, { warningId: w.id, ts, type: 'notified', actor: null, note: `notified ${told} publisher(s) and department admin(s)` });
    return true;
  });
}

/** Closes a warning (the monitor's re-check, or a reviewer accepting its explanation: `actor`). */
export async function closeWarning(deps: Pick<AppDeps, 'db'>, w: WarningRow, ts: string, actor: string | null, note: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    await updateWarning(tx, w.id, { status: 'closed', closedAt: ts });
    await insertWarningEvent(tx, { warningId: w.id, ts, type: 'closed', actor, note });
  });
}
