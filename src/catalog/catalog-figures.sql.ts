import { sql, type SQL } from 'drizzle-orm';
import { isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { allowedAgeDays } from './punctuality.js';
import { memoCatalog, type CachedAnyDb } from './catalog.cache.js';

// Reporting SQL over datasets and their versions, for the usage feature's statistics and assessment.

/**
 * Punctuality uses the portal's one rule (src/catalog/punctuality.ts, also behind the publishers'
 * "overdue" flags): the latest version may be as old as the declared frequency plus a day of slack
 * (daily 2 days, weekly 8, monthly 32, quarterly 93, yearly 367); irregular datasets are always on time.
 */
export const punctualityWindowDays = allowedAgeDays;

const maxDays = `CASE d.update_frequency ${Object.entries(punctualityWindowDays)
  .filter(([, days]) => days !== null)
  .map(([f, days]) => `WHEN '${f}' THEN ${days}`)
  .join(' ')} END`;

/** Each dataset's latest version published before :as_of (datasets with none do not count yet), and whether it is on time. */
const latestAsOf = `SELECT d.pk, d.department_id, d.update_frequency, v.row_count, json_array_length(v.schema) AS fields, v.published_at,
         julianday(:as_of) - julianday(v.published_at) AS days_old, ${maxDays} AS max_days
    FROM datasets d JOIN versions v ON v.dataset_pk = d.pk
   WHERE v.n = (SELECT MAX(n) FROM versions WHERE dataset_pk = d.pk AND status = 'published' AND published_at < :as_of)`;

// PostgreSQL: the same figures with its own date arithmetic and JSON functions; sums cast back to bigint (SUM over
// bigint is numeric, which the client reads as a string), ratios to float8; text compared by bytes, as SQLite does.
const latestAsOfPg = `SELECT d.pk, d.department_id, d.update_frequency, v.row_count, json_array_length(v.schema::json) AS fields, v.published_at,
         (EXTRACT(EPOCH FROM (:as_of::timestamptz - v.published_at::timestamptz)) / 86400)::float8 AS days_old, ${maxDays} AS max_days
    FROM datasets d JOIN versions v ON v.dataset_pk = d.pk
   WHERE v.n = (SELECT MAX(n) FROM versions WHERE dataset_pk = d.pk AND status = 'published' AND published_at < :as_of COLLATE "C")`;

export type CatalogFigures = { department_id: string; datasets: number; records: number; capacity: number; punctual: number; punctuality: number };

/** Datasets, records, capacity (fields x rows) and punctuality (% on time) per department, as they stood at :as_of. */
export const catalogFiguresSql = `WITH latest AS (${latestAsOf})
SELECT department_id, COUNT(*) AS datasets, SUM(row_count) AS records, SUM(fields * row_count) AS capacity,
       SUM(max_days IS NULL OR days_old <= max_days) AS punctual,
       ROUND(100.0 * SUM(max_days IS NULL OR days_old <= max_days) / COUNT(*), 2) AS punctuality
  FROM latest GROUP BY department_id`;

/** catalogFiguresSql on PostgreSQL (the same columns and values; :as_of likewise). */
export const catalogFiguresPgSql = `WITH latest AS (${latestAsOfPg})
SELECT department_id, COUNT(*) AS datasets, SUM(row_count)::bigint AS records, SUM(fields::bigint * row_count)::bigint AS capacity,
       SUM(CASE WHEN max_days IS NULL OR days_old <= max_days THEN 1 ELSE 0 END)::bigint AS punctual,
       ROUND(100.0 * SUM(CASE WHEN max_days IS NULL OR days_old <= max_days THEN 1 ELSE 0 END) / COUNT(*), 2)::float8 AS punctuality
  FROM latest GROUP BY department_id`;

/** Statement text with :as_of bound as a parameter at each place it appears. */
const withAsOf = (text: string, asOf: string): SQL => sql.join(text.split(':as_of').map((part) => sql.raw(part)), sql`${asOf}`);

export async function selectCatalogFigures({ db, caches }: CachedAnyDb, asOf: string): Promise<Map<string, CatalogFigures>> {
  return await memoCatalog({ db, caches }, `usage-catalog-figures|${asOf}`, async () => {
    const rows = await rowsOf<CatalogFigures>(db, withAsOf(isPg(db) ? catalogFiguresPgSql : catalogFiguresSql, asOf));
    return new Map(rows.map((r) => [r.department_id, r]));
  });
}

export type OverdueDataset = { pk: number; id: string; title_zh: string; title_en: string; department_id: string; update_frequency: string; published_at: string; days_old: number };

/** Datasets whose latest version (before :as_of) is older than their declared frequency allows. */
export async function selectOverdueDatasets(db: AnyDb, asOf: string): Promise<OverdueDataset[]> {
  const pg = isPg(db);
  const query = `WITH latest AS (${pg ? latestAsOfPg : latestAsOf})
       SELECT latest.pk, d.id, d.title_zh, d.title_en, latest.department_id, latest.update_frequency, latest.published_at,
              ${pg ? 'ROUND(latest.days_old::numeric, 1)::float8' : 'ROUND(latest.days_old, 1)'} AS days_old
         FROM latest JOIN datasets d ON d.pk = latest.pk
        WHERE latest.max_days IS NOT NULL AND latest.days_old > latest.max_days
        ORDER BY latest.department_id${pg ? ' COLLATE "C"' : ''}, latest.days_old DESC, d.pk`;
  return await rowsOf<OverdueDataset>(db, withAsOf(query, asOf));
}
