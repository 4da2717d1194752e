import type { Db } from '../db/client.js';
import { allowedAgeDays } from './punctuality.js';
import { memoCatalog, type CachedDb } from './catalog.cache.js';

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

export type CatalogFigures = { department_id: string; datasets: number; records: number; capacity: number; punctual: number; punctuality: number };

/** Datasets, records, capacity (fields x rows) and punctuality (% on time) per department, as they stood at :as_of. */
export const catalogFiguresSql = `WITH latest AS (${latestAsOf})
SELECT department_id, COUNT(*) AS datasets, SUM(row_count) AS records, SUM(fields * row_count) AS capacity,
       SUM(max_days IS NULL OR days_old <= max_days) AS punctual,
       ROUND(100.0 * SUM(max_days IS NULL OR days_old <= max_days) / COUNT(*), 2) AS punctuality
  FROM latest GROUP BY department_id`;

export async function selectCatalogFigures({ db, caches }: CachedDb, asOf: string): Promise<Map<string, CatalogFigures>> {
  return await memoCatalog({ db, caches }, `usage-catalog-figures|${asOf}`, () => {
      const rows = db.$client.prepare(catalogFiguresSql).all({ as_of: asOf }) as CatalogFigures[];
      return new Map(rows.map((r) => [r.department_id, r]));
    });
}

export type OverdueDataset = { pk: number; id: string; title_zh: string; title_en: string; department_id: string; update_frequency: string; published_at: string; days_old: number };

/** Datasets whose latest version (before :as_of) is older than their declared frequency allows. */
export async function selectOverdueDatasets(db: Db, asOf: string): Promise<OverdueDataset[]> {
  return db.$client
    .prepare(
      `WITH latest AS (${latestAsOf})
       SELECT latest.pk, d.id, d.title_zh, d.title_en, latest.department_id, latest.update_frequency, latest.published_at, ROUND(latest.days_old, 1) AS days_old
         FROM latest JOIN datasets d ON d.pk = latest.pk
        WHERE latest.max_days IS NOT NULL AND latest.days_old > latest.max_days
        ORDER BY latest.department_id, latest.days_old DESC, d.pk`,
    )
    .all({ as_of: asOf }) as OverdueDataset[];
}
