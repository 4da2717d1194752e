import { type CachedDb, selectCatalogFigures, selectDatasetRef, selectDepartmentRefs } from '../catalog/index.js';
import { ApiError, notFound } from '../lib/errors.js';
import { selectDepartmentUsage, selectFirstDay, selectSeries, selectTopDatasets, type SeriesPoint } from './stats.sql.js';
import { addDays, asOfBefore, parseRange, periodsBetween, type DayRange } from './usage.period.js';

type RangeInput = { from?: string; to?: string };
const seriesFigures = ['downloads', 'api_calls', 'deliveries', 'shares', 'unique_downloads', 'unique_api_calls', 'unique_shares', 'robots'] as const;
type SeriesTotals = Omit<SeriesPoint, 'period'>;
const zeros = (): SeriesTotals => Object.fromEntries(seriesFigures.map((f) => [f, 0])) as SeriesTotals;
const emptyPoint = (period: string): SeriesPoint => ({ period, ...zeros() });

/** Per department: catalog figures as of the range's end (or now), usage within the range. */
export async function departmentStats(reads: CachedDb, input: RangeInput, now: Date) {
  const firstDay = input.from === undefined ? await selectFirstDay(reads) : null;
  const range = parseRange(input, now, (to) => firstDay ?? to);
  const asOf = asOfBefore(range.end, now);
  const catalog = await selectCatalogFigures(reads, asOf);
  const usage = new Map((await selectDepartmentUsage(reads, range)).map((u) => [u.department_id, u]));
  const data = (await selectDepartmentRefs(reads.db)).map((d) => {
    const c = catalog.get(d.id);
    const u = usage.get(d.id);
    return {
      ...d,
      datasets: c?.datasets ?? 0,
      records: c?.records ?? 0,
      capacity: c?.capacity ?? 0,
      downloads: u?.downloads ?? 0,
      api_calls: u?.api_calls ?? 0,
      deliveries: u?.deliveries ?? 0,
      shares: u?.shares ?? 0,
      unique_downloads: u?.unique_downloads ?? 0,
      unique_api_calls: u?.unique_api_calls ?? 0,
      unique_shares: u?.unique_shares ?? 0,
      consumer_departments: u?.consumer_departments ?? 0,
      punctual_datasets: c?.punctual ?? 0,
      punctuality: c?.punctuality ?? 0,
    };
  });
  return { from: range.from, to: range.to, as_of: asOf, data, total: data.length };
}

/** A dense series (every day or month present) with its totals. */
export async function usageSeries(reads: CachedDb, range: DayRange, granularity: 'day' | 'month', scope: { datasetPk?: number; departmentId?: string } = {}) {
  const found = new Map((await selectSeries(reads, range, granularity, scope)).map((p) => [p.period, p]));
  const series = periodsBetween(range.from, range.to, granularity).map((p) => found.get(p) ?? emptyPoint(p));
  const totals = zeros();
  for (const p of series) for (const f of seriesFigures) totals[f] += p[f];
  return { from: range.from, to: range.to, granularity, totals, series };
}

/** Default span: the last 30 days by day, the last 12 calendar months (this one included) by month. */
export const defaultSeriesFrom = (granularity: 'day' | 'month') => (to: string) => {
  if (granularity === 'day') return addDays(to, -29);
  return new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 12, 1)).toISOString().slice(0, 10);
};

const maxDailyPoints = 731;

export async function portalSeries(reads: CachedDb, input: RangeInput & { granularity: 'day' | 'month' }, now: Date) {
  const range = parseRange(input, now, defaultSeriesFrom(input.granularity));
  assertSeriesLength(range, input.granularity);
  return await usageSeries(reads, range, input.granularity);
}

function assertSeriesLength(range: DayRange, granularity: 'day' | 'month') {
  if (granularity === 'day' && periodsBetween(range.from, range.to, 'day').length > maxDailyPoints) {
    throw new ApiError(400, 'invalid_parameter', `Invalid query parameter 'from': a daily series covers at most ${maxDailyPoints} days; use granularity=month for longer spans`, {
      errors: [{ field: 'from', message: `more than ${maxDailyPoints} days before to` }],
    });
  }
}

export async function datasetSeries(reads: CachedDb, datasetId: string, input: RangeInput & { granularity: 'day' | 'month' }, now: Date) {
  const dataset = await selectDatasetRef(reads.db, datasetId);
  if (!dataset) throw notFound('Dataset', datasetId);
  const range = parseRange(input, now, defaultSeriesFrom(input.granularity));
  assertSeriesLength(range, input.granularity);
  const { pk, ...ref } = dataset;
  return { dataset: ref, ...await usageSeries(reads, range, input.granularity, { datasetPk: pk }) };
}

export async function topDatasets(reads: CachedDb, input: RangeInput & { limit: number }, now: Date) {
  const range = parseRange(input, now, (to) => addDays(to, -364));
  const data = (await selectTopDatasets(reads, range, input.limit)).map(({ pk, ...d }) => d);
  return { from: range.from, to: range.to, data, total: data.length };
}
