import type { SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { selectOverview } from '../../src/catalog/index.js';
import { listApps } from '../../src/apps/index.js';
import { selectUsageOverview, selectFirstDay, selectTopDatasets, defaultSeriesFrom, departmentStats, usageSeries, buildScorecard, sortScorecard, departmentDrillDown, parsePeriod, toRange, utcDay } from '../../src/usage/index.js';

/** The city's calendar month now (UTC+8), for "the current period". */
const cityMonth = (now: Date) => utcDay(new Date(now.getTime() + 8 * 3600_000)).slice(0, 7);

function monthsBack(now: Date, count: number): string[] {
  const [y, m] = cityMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
}

/** Years with recorded use (newest first), then the last twelve months. */
async function periodChoices(deps: AppDeps): Promise<string[]> {
  const now = deps.now();
  const thisYear = Number(cityMonth(now).slice(0, 4));
  const firstYear = Math.min(thisYear, Number((await selectFirstDay(deps) ?? String(thisYear)).slice(0, 4)));
  const years = Array.from({ length: thisYear - firstYear + 1 }, (_, i) => String(thisYear - i));
  return [...years, ...monthsBack(now, 12)];
}

/** `?period=` of the reviewer pages; this year by default. */
const periodOf = (deps: AppDeps, query: string | undefined) => parsePeriod(query ?? cityMonth(deps.now()).slice(0, 4), 'period', deps.now());

export async function loadStatsPage(deps: AppDeps) {
  const now = deps.now();
  const today = utcDay(now);
  const range = toRange(defaultSeriesFrom('month')(today), today);
  return {
    catalog: await selectOverview(deps.db),
    usage: await selectUsageOverview(deps, now),
    range: { from: range.from, to: range.to },
    monthly: (await usageSeries(deps, range, 'month')).series,
    top: await selectTopDatasets(deps, range, 10),
    departments: await departmentStats(deps, { from: range.from, to: range.to }, now),
  };
}

export async function loadScorecardPage(deps: AppDeps, user: SessionUser, query: { period?: string; sort?: string }) {
  const card = await buildScorecard(deps, periodOf(deps, query.period));
  const sort = query.sort ?? 'rank';
  return { card, rows: sortScorecard(card, sort), sort, periods: await periodChoices(deps), reportMonths: monthsBack(deps.now(), 12), user };
}

export async function loadDepartmentDrillPage(deps: AppDeps, user: SessionUser, departmentId: string, query: { period?: string }) {
  const period = periodOf(deps, query.period);
  const card = await buildScorecard(deps, period);
  const drill = await departmentDrillDown(deps, departmentId, period, deps.now(), card);
  // Approved apps naming the department's datasets (issue 17): the section 应用成果 of the drill-down.
  const apps = await listApps(deps, { departmentId, status: 'approved', limit: 100 });
  return { drill, indicators: card.indicators, periods: await periodChoices(deps), user, apps };
}
