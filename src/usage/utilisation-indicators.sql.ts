import { sql, type SQL } from 'drizzle-orm';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';
import type { CachedAnyDb } from '../catalog/index.js';
import { memoUsage } from './usage.cache.js';
import type { DayRange, Period } from './usage.period.js';

/**
 * Utilisation evidence (利用实效, issue 17) as indicator SQL run on both engines: the text a feature documents is
 * SQLite's (the README prints it, the assessment test runs it with :start, :end and :as_of); PostgreSQL runs a twin
 * built from the same template, so the scorecard and the documented statement are one rule.
 */
export type IndicatorStatement = { sqlite: string; pg: string };

export type SqlDialect = {
  /** Whether `needle` occurs in `text`. */
  contains: (text: string, needle: string) => string;
  /** ASCII-only lower-casing (SQLite's lower(); PostgreSQL's would also fold other letters). */
  lower: (text: string) => string;
  /** The strings of a JSON array text column, as rows with a `value` column named `alias`. */
  jsonStrings: (column: string, alias: string) => string;
  /** A text column compared and ordered byte-wise (ISO timestamps). */
  bytes: (column: string) => string;
};

export const sqliteSql: SqlDialect = {
  contains: (t, n) => `instr(${t}, ${n}) > 0`,
  lower: (t) => `lower(${t})`,
  jsonStrings: (c, a) => `json_each(${c}) ${a}`,
  bytes: (c) => c,
};

export const pgSql: SqlDialect = {
  contains: (t, n) => `strpos(${t}, ${n}) > 0`,
  lower: (t) => `translate(${t}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`,
  jsonStrings: (c, a) => `json_array_elements_text((${c})::json) AS ${a}(value)`,
  bytes: (c) => `${c} COLLATE "C"`,
};

/** A statement written once against a dialect, as its SQLite text and PostgreSQL twin. */
export const statement = (write: (d: SqlDialect) => string): IndicatorStatement => ({ sqlite: write(sqliteSql), pg: write(pgSql) });

/**
 * Search demand answered: zero-result searches of the period (the normalised query, at least 2 characters), each
 * query answered by a dataset whose first version was published after the query's first zero-result search of the
 * period and by :as_of, when the query occurs in the dataset's Chinese or English title or in one of its Chinese or
 * English keywords (ASCII letters compared lower-cased). The pairs (query, answering dataset), for the indicator and
 * the monthly report's list.
 */
function answeredPairs(d: SqlDialect, columns: string, groupBy: string): string {
  const matches = (column: string) =>
    `EXISTS (SELECT 1 FROM ${d.jsonStrings(`p.${column}`, 'k')} WHERE ${d.contains(d.lower('k.value'), 'z.query')})`;
  return `WITH zero AS (
  SELECT query, MIN(${d.bytes('ts')}) AS first_ts
    FROM search_log
   WHERE results = 0 AND length(query) >= 2 AND ${d.bytes('ts')} >= :start AND ${d.bytes('ts')} < :end
   GROUP BY query),
  published AS (
  SELECT ds.id, ds.department_id, ds.title_zh, ds.title_en, ds.keywords, ds.keywords_en, f.first_published
    FROM datasets ds JOIN (SELECT dataset_pk, MIN(${d.bytes('published_at')}) AS first_published FROM versions GROUP BY dataset_pk) f
      ON f.dataset_pk = ds.pk)
SELECT ${columns}
  FROM zero z JOIN published p ON ${d.bytes('p.first_published')} > z.first_ts AND ${d.bytes('p.first_published')} <= :as_of
 WHERE ${d.contains(d.lower('p.title_zh'), 'z.query')} OR ${d.contains(d.lower('p.title_en'), 'z.query')}
    OR ${matches('keywords')}
    OR ${matches('keywords_en')}${groupBy}`;
}

/** Distinct answered queries per department of the answering dataset. */
export const searchDemandAnsweredSql = statement((d) => answeredPairs(d, 'p.department_id, COUNT(DISTINCT z.query) AS value', '\n GROUP BY p.department_id'));

/** Each answered query with the dataset that answered it (for the monthly report, :as_of being the report's time). */
export const answeredQueriesSql = statement((d) => answeredPairs(d, 'z.query, p.id AS dataset_id, p.title_zh, p.title_en, p.department_id, p.first_published', ''));

/** A text with :start, :end and :as_of as drizzle SQL with those values as parameters. */
function bound(text: string, p: Pick<Period, 'start' | 'end' | 'asOf'>): SQL {
  const values: Record<string, string> = { start: p.start, end: p.end, as_of: p.asOf };
  const parts = text.split(/:(start|end|as_of)\b/);
  return sql.join(parts.map((part, i) => (i % 2 ? sql`${values[part]}` : sql.raw(part))));
}

export type DepartmentFigure = { department_id: string; value: number };
type Bounds = Pick<Period, 'start' | 'end' | 'asOf'>;

/** A statement's rows for the bounds, on either engine. */
export async function statementRows<T>(db: AnyDb, s: IndicatorStatement, p: Bounds): Promise<T[]> {
  return isPg(db) ? await rowsOf<T>(db, bound(s.pg, p)) : (db.$client.prepare(s.sqlite).all({ start: p.start, end: p.end, as_of: p.asOf }) as T[]);
}

/** An indicator statement's value per department that has one, for the period, on either engine. */
export async function departmentFigures(db: AnyDb, s: IndicatorStatement, p: Bounds): Promise<DepartmentFigure[]> {
  return (await statementRows<DepartmentFigure>(db, s, p)).map((r) => ({ department_id: r.department_id, value: Number(r.value) }));
}

/** The same as a map, for an indicator's compute (departments left out have 0). */
export async function departmentFigureMap(db: AnyDb, s: IndicatorStatement, p: Period): Promise<Map<string, number | null>> {
  return new Map((await departmentFigures(db, s, p)).map((r) => [r.department_id, r.value]));
}

/**
 * Unique dataset page views (COUNTER) per owner department in a range, from the usage_daily rollup the dataset
 * page and the statistics read: each consumer once per dataset and day, robots left out.
 */
export async function selectDepartmentViews(reads: CachedAnyDb, range: DayRange): Promise<Map<string, number | null>> {
  const rows = await memoUsage(reads, `department-views|${range.from}|${range.to}`, () => rowsOf<DepartmentFigure>(reads.db,
    sql`SELECT d.department_id, COALESCE(SUM(u.uniques), 0) AS value
          FROM usage_daily u JOIN datasets d ON d.pk = u.dataset_pk
         WHERE u.kind = 'view' AND u.day BETWEEN ${range.from} AND ${range.to}
         GROUP BY d.department_id`));
  return new Map(rows.map((r) => [r.department_id, Number(r.value)]));
}
