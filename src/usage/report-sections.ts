import type { IndicatorDetails, IndicatorFigures } from './assessment.indicators.js';
import type { ScorecardDeps } from './assessment.service.js';
import { selectZeroResultQueries } from './search-log.store.js';
import type { Period } from './usage.period.js';
import { answeredQueriesSql, statementRows } from './utilisation-indicators.sql.js';

// The monthly report's utilisation sections (issue 17): what the indicators with details counted (the apps approved
// in the month, from the apps feature through its indicator), and the month's unmet search demand.

export type AnsweringDataset = { dataset_id: string; title_zh: string; title_en: string; department_id: string; first_published: string };
export type UnmetQuery = { query: string; searches: number; searchers: number; answeredBy: AnsweringDataset[] };

const unmetListLength = 20;

/**
 * The month's most asked queries that found nothing, each with the datasets that answer it since: first published
 * after the query's first zero-result search of the month and by the time of the report (the rule of the
 * `search_demand_answered` indicator, whose scorecard value stops at the end of the month).
 */
export async function selectUnmetSearchDemand(db: ScorecardDeps['db'], period: Period, now: Date): Promise<UnmetQuery[]> {
  const queries = await selectZeroResultQueries(db, period.start, period.end, unmetListLength);
  const answered = await statementRows<AnsweringDataset & { query: string }>(db, answeredQueriesSql, { start: period.start, end: period.end, asOf: now.toISOString() });
  return queries.map((q) => ({
    query: q.query,
    searches: Number(q.searches),
    searchers: Number(q.searchers),
    answeredBy: answered.filter((a) => a.query === q.query).map(({ query, ...a }) => a)
      .sort((a, b) => (a.first_published < b.first_published ? -1 : a.first_published > b.first_published ? 1 : a.dataset_id < b.dataset_id ? -1 : 1)),
  }));
}

/** What the report adds to the scorecard: each indicator's details (the apps), and the unmet search demand. */
export async function loadReportSections(deps: ScorecardDeps, period: Period, now: Date): Promise<{ details: IndicatorDetails[]; unmetSearch: UnmetQuery[]; figures: IndicatorFigures[] }> {
  const details: IndicatorDetails[] = [];
  for (const indicator of deps.indicators) if (indicator.details) details.push(await indicator.details(deps, period));
  const figures: IndicatorFigures[] = [];
  for (const indicator of deps.indicators) if (indicator.figures) figures.push(await indicator.figures(deps, period));
  return { details, unmetSearch: await selectUnmetSearchDemand(deps.db, period, now), figures };
}
