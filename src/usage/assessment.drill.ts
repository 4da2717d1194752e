import { notFound } from '../lib/errors.js';
import type { Period } from './usage.period.js';
import { toRange, utcDay } from './usage.period.js';
import { buildScorecard, type Scorecard, type ScorecardDeps } from './assessment.service.js';
import { selectOverdueDatasets } from '../catalog/index.js';
import { selectTopDatasets, selectTotals } from './stats.sql.js';
import { usageSeries } from './usage.stats.js';
import { loadReportSections } from './report-sections.js';

/** A period cut at today: series do not run into days that have not happened. */
export const elapsed = (period: Period, now: Date) => {
  const today = utcDay(now);
  return toRange(period.from, period.to < today ? period.to : today < period.from ? period.from : today);
};

/** One department's scorecard line with what explains it: use over time, who used it, which datasets, what is overdue. */
export async function departmentDrillDown(deps: ScorecardDeps, departmentId: string, period: Period, now: Date, scorecard?: Scorecard) {
  const card = scorecard ?? (await buildScorecard(deps, period));
  const row = card.data.find((r) => r.department.id === departmentId);
  if (!row) throw notFound('Department', departmentId);
  const granularity = period.kind === 'year' ? 'month' : 'day';
  const range = elapsed(period, now);
  return {
    period: card.period,
    from: card.from,
    to: card.to,
    department: row.department,
    rank: row.rank,
    total: row.total,
    indicators: row.indicators,
    granularity,
    series: (await usageSeries(deps, range, granularity, { departmentId })).series,
    consumers: row.shares_by_consumer,
    datasets: (await selectTopDatasets(deps, period, 20, departmentId)).map(({ pk, ...d }) => d),
    overdue: (await selectOverdueDatasets(deps.db, period.asOf))
      .filter((o) => o.department_id === departmentId)
      .map(({ pk, department_id, ...o }) => o),
  } as const;
}

/** Everything the monthly monitoring report shows (HTML and CSV are two renderings of it). */
export async function monthlyReport(deps: ScorecardDeps, period: Period, now: Date) {
  const card = await buildScorecard(deps, period);
  const [y, m] = period.label.split('-').map(Number) as [number, number];
  const previous = toRange(utcDay(new Date(Date.UTC(y, m - 2, 1))), utcDay(new Date(Date.UTC(y, m - 1, 0))));
  const names = new Map(card.data.map((r) => [r.department.id, r.department]));
  const overdue = (await selectOverdueDatasets(deps.db, period.asOf)).map((o) => ({ ...o, department: names.get(o.department_id)! }));
  const consumerDepartments = new Set(card.data.flatMap((r) => r.shares_by_consumer.map((s) => s.department_id))).size;
  return {
    period,
    generatedAt: now.toISOString(),
    card,
    totals: await selectTotals(deps, period),
    previousTotals: await selectTotals(deps, previous),
    consumerDepartments,
    daily: (await usageSeries(deps, elapsed(period, now), 'day')).series,
    topDatasets: await selectTopDatasets(deps, period, 10),
    overdue,
    ...(await loadReportSections(deps, period, now)),
  };
}

export type MonthlyReport = Awaited<ReturnType<typeof monthlyReport>>;
