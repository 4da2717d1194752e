import type { SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { selectOverview } from '../../src/catalog/index.js';
import { selectUsageOverview, selectFirstDay, selectTopDatasets, defaultSeriesFrom, departmentStats, usageSeries, buildScorecard, sortScorecard, departmentDrillDown, parsePeriod, toRange, utcDay } from '../../src/usage/index.js';

/** The city's calendar month now (UTC+8), for "the current period". */
const cityMonth = (now: Date) => utcDay(new Date(now.getTime() + 8 * 3600_000)).slice(0, 7);

function monthsBack(now: Date, count: number): string[] {
  const [y, m] = cityMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
}

/** Years with recorded use (newest first), then the last twelve months. */
function periodChoices(deps: AppDeps): string[] {
  const now = deps.now();
  const thisYear = Number(cityMonth(now).slice(0, 4));
  const firstYear = Math.min(thisYear, Number((selectFirstDay(deps) ?? String(thisYear)).slice(0, 4)));
  const years = Array.from({ length: thisYear - firstYear + 1 }, (_, i) => String(thisYear - i));
  return [...years, ...monthsBack(now, 12)];
}

/** `?period=` of the reviewer pages; this year by default. */
const periodOf = (deps: AppDeps, query: string | undefined) => parsePeriod(query ?? cityMonth(deps.now()).slice(0, 4), 'period', deps.now());

export function loadStatsPage(deps: AppDeps) {
  const now = deps.now();
  const today = utcDay(now);
  const range = toRange(defaultSeriesFrom('month')(today), today);
  return {
    catalog: selectOverview(deps.db),
    usage: selectUsageOverview(deps, now),
    range: { from: range.from, to: range.to },
    monthly: usageSeries(deps, range, 'month').series,
    top: selectTopDatasets(deps, range, 10),
    departments: departmentStats(deps, { from: range.from, to: range.to }, now),
  };
}

export function loadScorecardPage(deps: AppDeps, user: SessionUser, query: { period?: string; sort?: string }) {
  const card = buildScorecard(deps, periodOf(deps, query.period));
  const sort = query.sort ?? 'rank';
  return { card, rows: sortScorecard(card, sort), sort, periods: periodChoices(deps), reportMonths: monthsBack(deps.now(), 12), user };
}

export function loadDepartmentDrillPage(deps: AppDeps, user: SessionUser, departmentId: string, query: { period?: string }) {
  const period = periodOf(deps, query.period);
  const card = buildScorecard(deps, period);
  const drill = departmentDrillDown(deps, departmentId, period, deps.now(), card);
  return { drill, indicators: card.indicators, periods: periodChoices(deps), user };
}
