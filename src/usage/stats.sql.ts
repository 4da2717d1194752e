import { sql, type SQL } from 'drizzle-orm';
import type { CachedAnyDb } from '../catalog/index.js';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';
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
 *
 * The same SQL on both engines: sums over usage_daily's integer columns are bigint on PostgreSQL, read as numbers;
 * department ids in byte order there too (COLLATE "C"); no output names inside expressions (PostgreSQL allows a bare
 * output name in ORDER BY, not in HAVING or in an expression).
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

const raw = (text: string) => sql.raw(text);
const byteOrder = (db: AnyDb, column: string) => raw(isPg(db) ? `${column} COLLATE "C"` : column);
const fromDaily = raw('FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk');
const inRange = (range: DayRange) => sql`u.day BETWEEN ${range.from} AND ${range.to}`;
const one = async <T>(db: AnyDb, query: SQL): Promise<T> => (await rowsOf<T>(db, query))[0]!;

export async function selectTotals(reads: CachedAnyDb, range?: DayRange): Promise<UsageTotals> {
  return await memoUsage(reads, `totals|${range?.from}|${range?.to}`, () =>
    one<UsageTotals>(reads.db, sql`SELECT ${raw(figures)} ${fromDaily}${range ? sql` WHERE ${inRange(range)}` : sql``}`));
}

export type SeriesPoint = { period: string } & UsageFigures & { robots: number };

/** Per day or month, for one dataset or (datasetPk null) the whole portal, or one owner department. */
export async function selectSeries(reads: CachedAnyDb, range: DayRange, granularity: 'day' | 'month', scope: { datasetPk?: number; departmentId?: string } = {}): Promise<SeriesPoint[]> {
  const bucket = raw(granularity === 'day' ? 'u.day' : 'substr(u.day, 1, 7)');
  const where = [inRange(range)];
  const args: (string | number)[] = [range.from, range.to];
  if (scope.datasetPk !== undefined) (where.push(sql`u.dataset_pk = ${scope.datasetPk}`), args.push(scope.datasetPk));
  if (scope.departmentId !== undefined) (where.push(sql`d.department_id = ${scope.departmentId}`), args.push(scope.departmentId));
  return await memoUsage(reads, `series|${granularity}|${args.join('|')}|${scope.datasetPk !== undefined}`, () => rowsOf<SeriesPoint>(reads.db,
    sql`SELECT ${bucket} AS period, ${raw(figures)}, COALESCE(SUM(u.robots), 0) AS robots
        ${fromDaily}
        WHERE ${sql.join(where, sql` AND `)}
        GROUP BY ${bucket} ORDER BY period`));
}

export type DepartmentUsage = { department_id: string } & UsageFigures & { consumer_departments: number };

export async function selectDepartmentUsage(reads: CachedAnyDb, range: DayRange): Promise<DepartmentUsage[]> {
  return await memoUsage(reads, `departments|${range.from}|${range.to}`, () => rowsOf<DepartmentUsage>(reads.db,
    sql`SELECT d.department_id, ${raw(figures)},
              COUNT(DISTINCT CASE WHEN ${raw(shareCase)} AND u.count > 0 THEN u.consumer_department_id END) AS consumer_departments
        ${fromDaily}
        WHERE ${inRange(range)} AND u.kind IN ('download', 'api', 'delivery')
        GROUP BY d.department_id`));
}

export type ConsumerShare = { owner_department_id: string; consumer_department_id: string; shares: number };

/**
 * Which departments used whose data: the consumer-department breakdown of the assessment's shares, so in
 * unique figures (each consumer once per dataset, kind and day), adding up to the `shares` indicator.
 */
export async function selectConsumerShares(reads: CachedAnyDb, range: DayRange, ownerDepartmentId?: string): Promise<ConsumerShare[]> {
  const db = reads.db;
  return await memoUsage(reads, `consumers|${range.from}|${range.to}|${ownerDepartmentId ?? ''}`, () => rowsOf<ConsumerShare>(db,
    sql`SELECT d.department_id AS owner_department_id, u.consumer_department_id, SUM(u.uniques) AS shares
        ${fromDaily}
        WHERE ${inRange(range)} AND u.kind IN ('download', 'api', 'delivery') AND ${raw(shareCase)}${ownerDepartmentId ? sql` AND d.department_id = ${ownerDepartmentId}` : sql``}
        GROUP BY d.department_id, u.consumer_department_id HAVING SUM(u.uniques) > 0
        ORDER BY ${byteOrder(db, 'd.department_id')}, SUM(u.uniques) DESC, ${byteOrder(db, 'u.consumer_department_id')}`));
}

export type DatasetUsage = { pk: number; id: string; title_zh: string; title_en: string; department_id: string; downloads: number; api_calls: number; shares: number; unique_downloads: number; unique_api_calls: number; unique_shares: number };

const used = raw(`${sumOf('count', 'download')} + ${sumOf('count', 'api')}`);

/** Datasets by use (downloads + API calls) in a range, most used first. */
export async function selectTopDatasets(reads: CachedAnyDb, range: DayRange, limit: number, departmentId?: string): Promise<DatasetUsage[]> {
  return await memoUsage(reads, `top|${range.from}|${range.to}|${limit}|${departmentId ?? ''}`, () => rowsOf<DatasetUsage>(reads.db,
    sql`SELECT d.pk, d.id, d.title_zh, d.title_en, d.department_id,
              ${raw(sumOf('count', 'download'))} AS downloads,
              ${raw(sumOf('count', 'api'))} AS api_calls,
              COALESCE(SUM(CASE WHEN ${raw(shareCase)} THEN u.count END), 0) AS shares,
              ${raw(sumOf('uniques', 'download'))} AS unique_downloads,
              ${raw(sumOf('uniques', 'api'))} AS unique_api_calls,
              COALESCE(SUM(CASE WHEN ${raw(shareCase)} THEN u.uniques END), 0) AS unique_shares
        ${fromDaily}
        WHERE ${inRange(range)} AND u.kind IN ('download', 'api', 'delivery')${departmentId ? sql` AND d.department_id = ${departmentId}` : sql``}
        GROUP BY d.pk HAVING ${used} > 0
        ORDER BY ${used} DESC, d.pk LIMIT ${limit}`));
}

/** The first day with recorded use, for "all time" ranges. */
export const selectFirstDay = async (reads: CachedAnyDb): Promise<string | null> =>
  await memoUsage(reads, 'first-day', async () => (await one<{ day: string | null }>(reads.db, sql`SELECT MIN(day) AS day FROM usage_daily`)).day ?? null);
