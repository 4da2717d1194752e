import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/engine.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent } from './rows/rows-table.js';
import { sqliteOf, type Connection } from './rows/rows-table.sql.js';
import { pgOf } from './rows/rows-table.pg.sql.js';

/** A few values that show a finding (at most `exampleCount`, distinct, in the rows tables' byte order). */
export type QualityFinding = { count: number; examples: string[] };

/**
 * One field of a version, as stored. `empty`: null or empty text. `min`/`max`: for number, integer, date and
 * datetime fields only. The findings are present only where they apply: `outsideEnum` on fields that declare an
 * enum, `outsideRange` on fields that declare `minimum` or `maximum`, `futureDates` on date and datetime fields.
 * `futureDates` is a fact, not a fault by itself: the end of a validity (valid_until, valid_to, expiry_date,
 * next_inspection, publicity_until) lies ahead by nature; 19 of the seeded datasets' latest versions have such a field.
 */
export type FieldQuality = {
  name: string;
  type: FieldSpec['type'];
  empty: number;
  emptyShare: number;
  /** Distinct non-empty values; with `distinctCapped` at least this many (counting stopped at `distinctCap`). */
  distinct: number;
  distinctCapped?: true;
  min?: string | number | null;
  max?: string | number | null;
  outsideEnum?: QualityFinding;
  outsideRange?: QualityFinding;
  futureDates?: QualityFinding;
};

/** The data-quality profile of one version, computed once when it is published (or seeded, or repaired). */
export type QualityProfile = { computedAt: string; rowCount: number; fields: FieldQuality[] };

export const exampleCount = 3;
/**
 * Distinct values are counted up to here: a column of free text without an index costs a temporary b-tree per
 * distinct value (about 2 s a million on a busy core), so a table of a million names stops counting at this many.
 */
export const distinctCap = 100_000;

const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
const hasRange = (f: FieldSpec) => (f.type === 'integer' || f.type === 'number') && (Number.isFinite(f.minimum) || Number.isFinite(f.maximum));
const isTemporal = (f: FieldSpec) => f.type === 'date' || f.type === 'datetime';
const isText = (f: FieldSpec) => f.type === 'string' || isTemporal(f);

/** A day in the city (UTC+8), as date fields store it; datetimes are stored in UTC ISO 8601 to the second. */
export const cityDay = (computedAt: string) => new Date(Date.parse(computedAt) + 8 * 3600_000).toISOString().slice(0, 10);

type FindingKey = 'outsideEnum' | 'outsideRange' | 'futureDates';
/** Column aliases of the finding counts (PostgreSQL folds unquoted names to lower case). */
const alias: Record<FindingKey, string> = { outsideEnum: 'xe', outsideRange: 'xr', futureDates: 'xf' };

/** The SQL conditions of each finding of a field, or undefined where it does not apply (same SQL on both engines). */
function findingConditions(f: FieldSpec, computedAt: string): Partial<Record<'outsideEnum' | 'outsideRange' | 'futureDates', string>> {
  const col = quoteIdent(f.name);
  const out: Partial<Record<'outsideEnum' | 'outsideRange' | 'futureDates', string>> = {};
  if (f.type === 'string' && f.enum) out.outsideEnum = f.enum.length ? `${col} <> '' AND ${col} NOT IN (${f.enum.map(text).join(', ')})` : `${col} <> ''`;
  if (hasRange(f)) {
    const bounds = [Number.isFinite(f.minimum) ? `${col} < ${Number(f.minimum)}` : null, Number.isFinite(f.maximum) ? `${col} > ${Number(f.maximum)}` : null];
    out.outsideRange = `(${bounds.filter(Boolean).join(' OR ')})`;
  }
  if (isTemporal(f)) out.futureDates = `${col} > ${text(f.type === 'date' ? cityDay(computedAt) : computedAt)}`;
  return out;
}

/** One aggregate pass over the table: per field its empties, distinct values, extremes and finding counts. */
function aggregateSql(table: string, schema: FieldSpec[], computedAt: string): string {
  const cols = ['COUNT(*) AS n'];
  schema.forEach((f, i) => {
    const col = quoteIdent(f.name);
    cols.push(`COUNT(CASE WHEN ${col} IS NULL${isText(f) ? ` OR ${col} = ''` : ''} THEN 1 END) AS e${i}`);
    if (f.type === 'integer' || f.type === 'number' || isTemporal(f)) cols.push(`MIN(${col}) AS lo${i}`, `MAX(${col}) AS hi${i}`);
    for (const [k, cond] of Object.entries(findingConditions(f, computedAt))) cols.push(`COUNT(CASE WHEN ${cond} THEN 1 END) AS ${alias[k as FindingKey]}${i}`);
  });
  return `SELECT ${cols.join(', ')} FROM ${quoteIdent(table)}`;
}

/** Distinct non-empty values of a field, up to one more than the cap (an indexed field's index is walked). */
const distinctSql = (table: string, f: FieldSpec) =>
  `SELECT COUNT(*) AS v FROM (SELECT DISTINCT ${quoteIdent(f.name)} FROM ${quoteIdent(table)} WHERE ${quoteIdent(f.name)} IS NOT NULL${isText(f) ? ` AND ${quoteIdent(f.name)} <> ''` : ''} LIMIT ${distinctCap + 1}) AS s`;

const examplesSql = (table: string, f: FieldSpec, cond: string) =>
  `SELECT DISTINCT ${quoteIdent(f.name)} AS v FROM ${quoteIdent(table)} WHERE ${cond} ORDER BY 1 LIMIT ${exampleCount}`;

/** The profile from the aggregate row, asking `examples` only for findings that were found. */
async function profileFrom(row: Record<string, unknown>, table: string, schema: FieldSpec[], computedAt: string, values: (q: string) => Promise<unknown[]>): Promise<QualityProfile> {
  const rowCount = Number(row.n);
  const fields: FieldQuality[] = [];
  for (const [i, f] of schema.entries()) {
    const empty = Number(row[`e${i}`]);
    // The primary key is unique: its distinct values need no count.
    const distinct = f.primary_key ? rowCount - empty : Number((await values(distinctSql(table, f)))[0]);
    const capped = !f.primary_key && distinct > distinctCap;
    const q: FieldQuality = { name: f.name, type: f.type, empty, emptyShare: rowCount ? empty / rowCount : 0, distinct: capped ? distinctCap : distinct };
    if (capped) q.distinctCapped = true;
    if (`lo${i}` in row) {
      q.min = (row[`lo${i}`] ?? null) as string | number | null;
      q.max = (row[`hi${i}`] ?? null) as string | number | null;
    }
    for (const [k, cond] of Object.entries(findingConditions(f, computedAt)) as [keyof FieldQuality & ('outsideEnum' | 'outsideRange' | 'futureDates'), string][]) {
      const count = Number(row[`${alias[k]}${i}`]);
      q[k] = { count, examples: count ? (await values(examplesSql(table, f, cond))).map(String) : [] };
    }
    fields.push(q);
  }
  return { computedAt, rowCount, fields };
}

/**
 * The quality profile of a version's rows table, by SQL on the connection given (a version worker's own at publish
 * time, the app's in the seed and the repair): one aggregate pass, then at most a few example queries. `computedAt`
 * (UTC ISO 8601) is the moment dates are "in the future" from. On either engine.
 */
export async function profileRowsTable(c: Connection, table: string, schema: FieldSpec[], computedAt: string): Promise<QualityProfile> {
  const query = aggregateSql(table, schema, computedAt);
  const pg = pgOf(c);
  if (pg) {
    const [row] = await rowsOf<Record<string, unknown>>(pg, sql.raw(query));
    return await profileFrom(row!, table, schema, computedAt, async (q) => (await rowsOf<{ v: unknown }>(pg, sql.raw(q))).map((r) => r.v));
  }
  const sqlite = sqliteOf(c);
  const row = sqlite.prepare(query).get() as Record<string, unknown>;
  return await profileFrom(row, table, schema, computedAt, async (q) => sqlite.prepare(q).pluck().all());
}
