import { type CachedDb, catalogFiguresSql, selectCatalogFigures, type CatalogFigures } from '../catalog/index.js';
import type { Period } from './usage.period.js';
import { selectDepartmentUsage, type DepartmentUsage } from './stats.sql.js';
import { countedSql, shareSql } from './usage.rules.js';

/**
 * One scorecard indicator. `compute` gives each department's value for the period (departments left out
 * have 0; null means "does not apply" and leaves the indicator out of that department's total).
 * `sql` recomputes the same values from raw tables with :start/:end (the period's half-open timestamp
 * bounds) and :as_of, returning (department_id, value): the README prints it, a test runs it.
 */
export type Indicator = {
  id: string;
  label_zh: string;
  label_en: string;
  description: string;
  unit?: string;
  higherIsBetter: boolean;
  compute: (reads: CachedDb, period: Period) => Promise<Map<string, number | null>>;
  sql: string;
  /** What lies behind the values, listed in the monthly report (the apps approved in the month, per department). */
  details?: (reads: CachedDb, period: Period) => Promise<IndicatorDetails>;
  /** Figures per department beside the value, a table of the monthly report (the warnings opened, closed on time, overdue). */
  figures?: (reads: CachedDb, period: Period) => Promise<IndicatorFigures>;
};

/** A monthly report table: a row per department with `columns` (in their order) as whole numbers. */
export type IndicatorFigures = { title_zh: string; title_en: string; columns: { id: string; label_zh: string; label_en: string }[]; rows: { department_id: string; values: Record<string, number> }[] };

/** A monthly report section of the things an indicator counted: each with its department and its page. */
export type IndicatorDetails = { title_zh: string; title_en: string; items: { department_id: string; name_zh: string; name_en: string; href: string; at: string; demo: boolean }[] };

const range = (p: Period) => ({ from: p.from, to: p.to, start: p.start, end: p.end });

function fromUsage(field: keyof Omit<DepartmentUsage, 'department_id'>) {
  return async (reads: CachedDb, p: Period) => new Map((await selectDepartmentUsage(reads, range(p))).map((r) => [r.department_id, r[field]]));
}

function fromCatalog(field: keyof Omit<CatalogFigures, 'department_id'>) {
  return async (reads: CachedDb, p: Period) => new Map([...await selectCatalogFigures(reads, p.asOf)].map(([id, r]) => [id, r[field]]));
}

const inPeriod = 'ts >= :start AND ts < :end';
const eventsSql = (value: string, where: string) =>
  `SELECT owner_department_id AS department_id, ${value} AS value\n  FROM usage_events\n WHERE ${where}\n   AND ${inPeriod}\n GROUP BY owner_department_id`;
/** COUNTER unique uses: each consumer once per dataset (and kind of use) and day; summed over the days of the period. */
const uniqueUsesSql = (perKind: boolean, where: string) =>
  `SELECT owner_department_id AS department_id, COUNT(*) AS value\n  FROM (SELECT DISTINCT owner_department_id, substr(ts, 1, 10) AS day, dataset_pk, ${perKind ? 'kind, ' : ''}unique_consumer\n          FROM usage_events\n         WHERE ${where}\n           AND ${inPeriod})\n GROUP BY owner_department_id`;
const catalogSql = (column: string) => `SELECT department_id, ${column} AS value FROM (${catalogFiguresSql})`;

export const builtinIndicators: Indicator[] = [
  {
    id: 'datasets', label_zh: '开放数据集数', label_en: 'Datasets', higherIsBetter: true,
    description: 'Datasets with a published version at the end of the period (or now, for the current period).',
    compute: fromCatalog('datasets'), sql: catalogSql('datasets'),
  },
  {
    id: 'records', label_zh: '数据条数', label_en: 'Records', higherIsBetter: true,
    description: 'Rows of those datasets\' latest versions.',
    compute: fromCatalog('records'), sql: catalogSql('records'),
  },
  {
    id: 'capacity', label_zh: '数据容量', label_en: 'Data capacity', higherIsBetter: true,
    description: 'Fields x rows of the latest versions, summed (开放数林 数据容量).',
    compute: fromCatalog('capacity'), sql: catalogSql('capacity'),
  },
  {
    id: 'downloads', label_zh: '下载量', label_en: 'Downloads', higherIsBetter: true,
    description: 'Unique downloads (COUNTER) of the department\'s files: each consumer once per dataset and day (a user, a key, or an anonymous address whatever its User-Agent); robots left out.',
    compute: fromUsage('unique_downloads'), sql: uniqueUsesSql(false, "kind = 'download' AND is_robot = 0 AND status BETWEEN 200 AND 299"),
  },
  {
    id: 'api_calls', label_zh: '接口调用量', label_en: 'API calls', higherIsBetter: true,
    description: 'Successful (2xx) records API calls on the department\'s datasets.',
    compute: fromUsage('api_calls'), sql: eventsSql('COUNT(*)', "kind = 'api' AND status BETWEEN 200 AND 299"),
  },
  {
    id: 'shares', label_zh: '共享频次', label_en: 'Shares given', higherIsBetter: true,
    description: 'Unique uses (COUNTER) of the department\'s data by consumers of another department: each consumer once per dataset, kind of use (download, API call, delivery) and day.',
    compute: fromUsage('unique_shares'), sql: uniqueUsesSql(true, `kind IN ('download', 'api', 'delivery') AND ${countedSql}\n           AND ${shareSql}`),
  },
  {
    id: 'consumer_departments', label_zh: '共享部门数', label_en: 'Consumer departments', higherIsBetter: true,
    description: 'Distinct other departments that used the department\'s data.',
    compute: fromUsage('consumer_departments'),
    sql: eventsSql('COUNT(DISTINCT consumer_department_id)', `kind IN ('download', 'api', 'delivery') AND ${countedSql}\n   AND ${shareSql}`),
  },
  {
    id: 'punctuality', label_zh: '更新及时率', label_en: 'Punctuality', unit: '%', higherIsBetter: true,
    description: 'Percent of the department\'s datasets whose latest version is no older than the declared update frequency allows, with a day of slack (daily 2 days, weekly 8, monthly 32, quarterly 93, yearly 367; irregular always on time).',
    compute: fromCatalog('punctuality'), sql: catalogSql('punctuality'),
  },
];

/**
 * The scorecard's indicators, in display order: createApp builds it from each feature's list (the usage
 * figures above, the demand board's response times), so every app has its own. An id given twice is a
 * mistake in that list, refused at start. Give a new indicator a weight in config/assessment.json.
 */
export function createIndicatorRegistry(...lists: readonly Indicator[][]): readonly Indicator[] {
  const all = lists.flat();
  const ids = new Set<string>();
  for (const { id } of all) {
    if (ids.has(id)) throw new Error(`assessment indicator '${id}' is defined twice`);
    ids.add(id);
  }
  return Object.freeze(all);
}
