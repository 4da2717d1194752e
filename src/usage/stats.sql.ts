import type { CachedDb } from '../catalog/index.js';
import type { DayRange } from './usage.period.js';
import { memoUsage } from './usage.cache.js';

/*
 * Reporting SQL. usage_daily rows are joined to datasets for the owner department (d.department_id) and, in
 * the top list, the titles: the one read of the catalog's table outside src/catalog, kept as a join because
 * passing the owners in instead (a JSON parameter) made the year's totals 1.6-7 times slower (54 -> 87-357 ms
 * on the demo year).
 *
 * Figures read from usage_daily, the rollup written in the same transaction as usage_events: count holds
 * exactly the events the counting rules let through (see usage.rules.ts), uniques COUNTER's unique
 * figure (each consumer once per dataset, kind and day; summed over days for longer periods). The owner
 * of a dataset is its department; a share is a row whose consumer department is set and differs from it.
 */
const shareCase = "u.consumer_department_id <> '' AND u.consumer_department_id <> d.department_id";

const sumOf = (column: 'count' | 'uniques', kind: string) => `COALESCE(SUM(CASE WHEN u.kind = '${kind}' THEN u.${column} END), 0)`;
const sharesOf = (column: 'count' | 'uniques') => `COALESCE(SUM(CASE WHEN u.kind IN ('download', 'api', 'delivery') AND ${shareCase} THEN u.${column} END), 0)`;

/** Totals and, beside them, COUNTER's unique figures. */
const figures = `${sumOf('count', 'download')} AS downloads,
       ${sumOf('count', 'api')} AS api_calls,
       ${sumOf('count', 'delivery')} AS deliveries,
       ${sharesOf('count')} AS shares,
       ${sumOf('uniques', 'download')} AS unique_downloads,
       ${sumOf('uniques', 'api')} AS unique_api_calls,
       ${sharesOf('uniques')} AS unique_shares`;

export type UsageFigures = { downloads: number; api_calls: number; deliveries: number; shares: number; unique_downloads: number; unique_api_calls: number; unique_shares: number };
export type UsageTotals = UsageFigures;

const totalsSql = `SELECT ${figures} FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk`;

export async function selectTotals(reads: CachedDb, range?: DayRange): Promise<UsageTotals> {
  return await memoUsage(reads, `totals|${range?.from}|${range?.to}`, () =>
      range
        ? (reads.db.$client.prepare(`${totalsSql} WHERE u.day BETWEEN ? AND ?`).get(range.from, range.to) as UsageTotals)
        : (reads.db.$client.prepare(totalsSql).get() as UsageTotals),
    );
}

export type SeriesPoint = { period: string } & UsageFigures & { robots: number };

/** Per day or month, for one dataset or (datasetPk null) the whole portal, or one owner department. */
export async function selectSeries(reads: CachedDb, range: DayRange, granularity: 'day' | 'month', scope: { datasetPk?: number; departmentId?: string } = {}): Promise<SeriesPoint[]> {
  const bucket = granularity === 'day' ? 'u.day' : 'substr(u.day, 1, 7)';
  const where = ['u.day BETWEEN ? AND ?'];
  const args: (string | number)[] = [range.from, range.to];
  if (scope.datasetPk !== undefined) (where.push('u.dataset_pk = ?'), args.push(scope.datasetPk));
  if (scope.departmentId !== undefined) (where.push('d.department_id = ?'), args.push(scope.departmentId));
  return await memoUsage(reads, `series|${granularity}|${args.join('|')}|${scope.datasetPk !== undefined}`, () => reads.db.$client
      .prepare(
        `SELECT ${bucket} AS period, ${figures}, COALESCE(SUM(u.robots), 0) AS robots
         FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk
        WHERE ${where.join(' AND ')}
        GROUP BY period ORDER BY period`,
      )
      .all(...args) as SeriesPoint[]);
}

export type DepartmentUsage = { department_id: string } & UsageFigures & { consumer_departments: number };

export async function selectDepartmentUsage(reads: CachedDb, range: DayRange): Promise<DepartmentUsage[]> {
  return await memoUsage(reads, `departments|${range.from}|${range.to}`, () => reads.db.$client
      .prepare(
        `SELECT d.department_id, ${figures},
              COUNT(DISTINCT CASE WHEN ${shareCase} AND u.count > 0 THEN u.consumer_department_id END) AS consumer_departments
         FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk
        WHERE u.day BETWEEN ? AND ? AND u.kind IN ('download', 'api', 'delivery')
        GROUP BY d.department_id`,
      )
      .all(range.from, range.to) as DepartmentUsage[]);
}

export type ConsumerShare = { owner_department_id: string; consumer_department_id: string; shares: number };

/**
 * Which departments used whose data: the consumer-department breakdown of the assessment's shares, so in
 * unique figures (each consumer once per dataset, kind and day), adding up to the `shares` indicator.
 */
export async function selectConsumerShares(reads: CachedDb, range: DayRange, ownerDepartmentId?: string): Promise<ConsumerShare[]> {
  return await memoUsage(reads, `consumers|${range.from}|${range.to}|${ownerDepartmentId ?? ''}`, () => reads.db.$client
      .prepare(
        `SELECT d.department_id AS owner_department_id, u.consumer_department_id, SUM(u.uniques) AS shares
         FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk
        WHERE u.day BETWEEN ? AND ? AND u.kind IN ('download', 'api', 'delivery') AND ${shareCase} ${ownerDepartmentId ? 'AND d.department_id = ?' : ''}
        GROUP BY d.department_id, u.consumer_department_id HAVING SUM(u.uniques) > 0
        ORDER BY d.department_id, shares DESC, u.consumer_department_id`,
      )
      .all(...[range.from, range.to, ...(ownerDepartmentId ? [ownerDepartmentId] : [])]) as ConsumerShare[]);
}

export type DatasetUsage = { pk: number; id: string; title_zh: string; title_en: string; department_id: string; downloads: number; api_calls: number; shares: number; unique_downloads: number; unique_api_calls: number; unique_shares: number };

/** Datasets by use (downloads + API calls) in a range, most used first. */
export async function selectTopDatasets(reads: CachedDb, range: DayRange, limit: number, departmentId?: string): Promise<DatasetUsage[]> {
  return await memoUsage(reads, `top|${range.from}|${range.to}|${limit}|${departmentId ?? ''}`, () => reads.db.$client
      .prepare(
        `SELECT d.pk, d.id, d.title_zh, d.title_en, d.department_id,
              ${sumOf('count', 'download')} AS downloads,
              ${sumOf('count', 'api')} AS api_calls,
              COALESCE(SUM(CASE WHEN ${shareCase} THEN u.count END), 0) AS shares,
              ${sumOf('uniques', 'download')} AS unique_downloads,
              ${sumOf('uniques', 'api')} AS unique_api_calls,
              COALESCE(SUM(CASE WHEN ${shareCase} THEN u.uniques END), 0) AS unique_shares
         FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk
        WHERE u.day BETWEEN ? AND ? AND u.kind IN ('download', 'api', 'delivery') ${departmentId ? 'AND d.department_id = ?' : ''}
        GROUP BY d.pk HAVING downloads + api_calls > 0
        ORDER BY downloads + api_calls DESC, d.pk LIMIT ?`,
      )
      .all(...[range.from, range.to, ...(departmentId ? [departmentId] : []), limit]) as DatasetUsage[]);
}

/** The first day with recorded use, for "all time" ranges. */
export const selectFirstDay = async (reads: CachedDb): Promise<string | null> =>
  await memoUsage(reads, 'first-day', () => (reads.db.$client.prepare('SELECT MIN(day) FROM usage_daily').pluck().get() as string | null) ?? null);
