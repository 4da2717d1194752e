import type { AnyDb } from '../db/engine.js';
import { selectTopQueries, selectUnopenedQueries, selectZeroResultQueries, selectZeroResultTrend, type MonthPoint, type QueryFigures } from './search-log.store.js';
import { addDays, periodsBetween, utcDay } from './usage.period.js';

export const searchReportSpans = [30, 90, 365] as const;
export type SearchReportSpan = (typeof searchReportSpans)[number];

export type SearchReport = {
  /** The lists' span: [from, to] in UTC days, the last `days` days including today. */
  days: SearchReportSpan;
  from: string;
  to: string;
  top: QueryFigures[];
  zeroResults: QueryFigures[];
  unopened: QueryFigures[];
  /** Zero-result searches per month of the last 12 months (every month present, oldest first). */
  trend: MonthPoint[];
};

const listLength = 50;

/** The reviewers' search report (/reviewer/search): what people look for, what they do not find, what they do not open. */
export async function loadSearchReport(db: AnyDb, now: Date, days: number | undefined): Promise<SearchReport> {
  const span: SearchReportSpan = searchReportSpans.find((d) => d === days) ?? 90;
  const to = utcDay(now);
  const from = addDays(to, -(span - 1));
  const end = `${addDays(to, 1)}T`; // ts are ISO strings: everything of the day `to` sorts before the next day's date + 'T'
  const start = `${from}T`;
  const trendFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
  const found = new Map((await selectZeroResultTrend(db, `${trendFrom}T`, end)).map((p) => [p.month, p]));
  return {
    days: span,
    from,
    to,
    top: await selectTopQueries(db, start, end, listLength),
    zeroResults: await selectZeroResultQueries(db, start, end, listLength),
    unopened: await selectUnopenedQueries(db, start, end, listLength),
    trend: periodsBetween(trendFrom, to, 'month').map((month) => found.get(month) ?? { month, searches: 0, queries: 0 }),
  };
}
