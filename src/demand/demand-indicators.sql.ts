import { sql, type SQL } from 'drizzle-orm';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';
import type { Period } from '../usage/index.js';

/**
 * The demand board's part of the assessment, every figure derived from demand_events (when a demand
 * came in, when it was first answered, delivered, confirmed, fixed), never typed in. A demand belongs
 * to the period in which it was submitted, and to its provider department. Timestamps are compared
 * through julianday() because events are stored to the second and the period bounds to the millisecond.
 *
 * The exported texts are SQLite's (the README prints them, a test runs them). PostgreSQL runs a twin built from
 * the same template (`departmentValues` picks it) that computes the same doubles: instants as timestamps (the text
 * is always UTC, with its Z), julian days as SQLite derives them (whole milliseconds / 86400000), booleans summed
 * as 0/1 integers, and SQLite's ROUND applied to the result in roundLikeSqlite.
 */
type Dialect = {
  /** An ISO timestamp text as a comparable instant. */
  instant: (text: string) => string;
  /** An ISO timestamp text as a julian day number (a double). */
  julian: (text: string) => string;
  /** A text column ordered byte-wise (MIN of timestamps). */
  bytes: (column: string) => string;
  /** A condition as 0/1 (null stays null), for SUM. */
  oneIf: (condition: string) => string;
  /** SQLite's ROUND(x, n); on PostgreSQL done after the query (the digits are returned beside the text). */
  round: (x: string, digits: number) => string;
};

const sqliteDialect: Dialect = {
  instant: (t) => `julianday(${t})`,
  julian: (t) => `julianday(${t})`,
  bytes: (c) => c,
  oneIf: (c) => c,
  round: (x, n) => `ROUND(${x}, ${n})`,
};

// timestamp, not timestamptz: the zone of the text is ignored (always Z), so the session's TimeZone cannot shift it.
const pgDialect: Dialect = {
  instant: (t) => `(${t})::timestamp`,
  julian: (t) => `(((extract(epoch from (${t})::timestamp) * 1000)::bigint + 210866760000000)::float8 / 86400000)`,
  bytes: (c) => `${c} COLLATE "C"`,
  oneIf: (c) => `(${c})::int`,
  round: (x) => x,
};

function indicatorSql(d: Dialect) {
  const received = `
  SELECT d.id, d.kind, d.provider_department_id AS department_id, d.first_response_due_at, d.due_at, s.ts AS submitted_at
    FROM demands d JOIN demand_events s ON s.demand_id = d.id AND s.action = 'submit'
   WHERE d.provider_department_id IS NOT NULL
     AND ${d.instant('s.ts')} >= ${d.instant(':start')} AND ${d.instant('s.ts')} < ${d.instant(':end')}`;

  const firstOf = (actions: string) =>
    `(SELECT MIN(${d.bytes('e.ts')}) FROM demand_events e WHERE e.demand_id = r.id AND e.action IN (${actions}) AND ${d.instant('e.ts')} <= ${d.instant(':as_of')})`;

  const firstResponse = firstOf(`'accept', 'request-info', 'reject', 'plan', 'fulfil'`);
  // 100.0 as a double on both engines (PostgreSQL's 100.0 literal would be numeric).
  const share = (condition: string) => d.round(`${d === pgDialect ? '100.0::float8' : '100.0'} * SUM(${d.oneIf(condition)}) / COUNT(*)`, 1);

  const receivedSql = `WITH r AS (${received})
SELECT department_id, COUNT(*) AS value FROM r GROUP BY department_id`;

  // Counted once answered, or once the 5 working days are over without an answer.
  const answeredInTimeSql = `WITH r AS (${received}), a AS (SELECT r.*, ${firstResponse} AS answered_at FROM r)
SELECT department_id, ${share(`answered_at IS NOT NULL AND ${d.instant('answered_at')} <= ${d.instant('first_response_due_at')}`)} AS value
  FROM a WHERE answered_at IS NOT NULL OR ${d.instant('first_response_due_at')} < ${d.instant(':as_of')}
 GROUP BY department_id`;

  const medianHoursSql = `WITH r AS (${received}),
  h AS (SELECT department_id, (${d.julian(firstResponse)} - ${d.julian('submitted_at')}) * 24 AS hours FROM r),
  o AS (SELECT department_id, hours, ROW_NUMBER() OVER (PARTITION BY department_id ORDER BY hours) AS i, COUNT(*) OVER (PARTITION BY department_id) AS n
          FROM h WHERE hours IS NOT NULL)
SELECT department_id, ${d.round('AVG(hours)', 1)} AS value FROM o WHERE i IN ((n + 1) / 2, (n + 2) / 2) GROUP BY department_id`;

  // Orders delivered by now, or past their due date undelivered (unless rejected or cancelled before it).
  const onTimeSql = `WITH r AS (${received}),
  o AS (SELECT r.*, ${firstOf(`'deliver'`)} AS delivered_at, ${firstOf(`'reject', 'cancel'`)} AS ended_at FROM r WHERE kind = 'order')
SELECT department_id, ${share(`delivered_at IS NOT NULL AND ${d.instant('delivered_at')} <= ${d.instant('due_at')}`)} AS value
  FROM o
 WHERE delivered_at IS NOT NULL
    OR (${d.instant('due_at')} < ${d.instant(':as_of')} AND (ended_at IS NULL OR ${d.instant('ended_at')} > ${d.instant('due_at')}))
 GROUP BY department_id`;

  // Ratings given in the period (the confirm step records the rating with its event).
  const ratingSql = `SELECT d.provider_department_id AS department_id, ${d.round(`AVG(${d === pgDialect ? 'd.rating::float8' : 'd.rating'})`, 2)} AS value
  FROM demands d JOIN demand_events c ON c.demand_id = d.id AND c.action = 'confirm'
 WHERE d.provider_department_id IS NOT NULL AND d.rating IS NOT NULL
   AND ${d.instant('c.ts')} >= ${d.instant(':start')} AND ${d.instant('c.ts')} < ${d.instant(':end')}
 GROUP BY d.provider_department_id`;

  const correctionsSql = `WITH r AS (${received})
SELECT department_id, ${share(`${firstOf(`'fix'`)} IS NOT NULL`)} AS value
  FROM r WHERE kind = 'correction' GROUP BY department_id`;

  return { receivedSql, answeredInTimeSql, medianHoursSql, onTimeSql, ratingSql, correctionsSql };
}

export const { receivedSql, answeredInTimeSql, medianHoursSql, onTimeSql, ratingSql, correctionsSql } = indicatorSql(sqliteDialect);

/** Each SQLite text's PostgreSQL twin, with the digits SQLite's ROUND would keep (null: a count, not rounded). */
const pgTwins = (() => {
  const lite = indicatorSql(sqliteDialect);
  const pg = indicatorSql(pgDialect);
  const digits: Record<keyof typeof lite, number | null> = { receivedSql: null, answeredInTimeSql: 1, medianHoursSql: 1, onTimeSql: 1, ratingSql: 2, correctionsSql: 1 };
  return new Map((Object.keys(lite) as (keyof typeof lite)[]).map((k) => [lite[k], { text: pg[k], digits: digits[k] }]));
})();

/** A text with :start, :end and :as_of as drizzle SQL with those values as parameters. */
function bound(text: string, p: Period): SQL {
  const values: Record<string, string> = { start: p.start, end: p.end, as_of: p.asOf };
  const parts = text.split(/:(start|end|as_of)\b/);
  return sql.join(parts.map((part, i) => (i % 2 ? sql`${values[part]}` : sql.raw(part))));
}

/**
 * SQLite's ROUND(x, digits) (3.53, round() in func.c): the double written to 18 significant digits, that decimal
 * rounded half away from zero at `digits` decimals, read back as a double.
 */
export function roundLikeSqlite(x: number, digits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 4503599627370496) return x;
  if (x === 0) return 0;
  const [mantissa, exponent] = Math.abs(x).toExponential(17).split('e') as [string, string];
  const significant = mantissa.replace('.', '');
  const keep = Number(exponent) + 1 + digits; // significant digits left of the cut
  if (keep >= significant.length) return x;
  const kept = keep <= 0 ? 0n : BigInt(significant.slice(0, keep));
  const up = keep >= 0 && significant[keep]! >= '5' ? 1n : 0n;
  return Math.sign(x) * Number(`${kept + up}e${-digits}`);
}

type DepartmentValue = { department_id: string; value: number | null };

/** An indicator's value per department that has one, for the period (`sql`: one of the texts above). */
export async function departmentValues(db: AnyDb, sqliteText: string, p: Period): Promise<DepartmentValue[]> {
  if (!isPg(db)) return db.$client.prepare(sqliteText).all({ start: p.start, end: p.end, as_of: p.asOf }) as DepartmentValue[];
  const twin = pgTwins.get(sqliteText);
  if (!twin) throw new Error('departmentValues: not one of the demand indicators\' texts, so it has no PostgreSQL twin');
  const rows = await rowsOf<DepartmentValue>(db, bound(twin.text, p));
  return twin.digits === null ? rows : rows.map((r) => ({ department_id: r.department_id, value: r.value === null ? null : roundLikeSqlite(r.value, twin.digits!) }));
}
