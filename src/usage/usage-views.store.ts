import { sql } from 'drizzle-orm';
import type { CachedAnyDb } from '../catalog/index.js';
import { rowsOf } from '../db/engine.js';
import { memoUsage } from './usage.cache.js';
import type { DayRange } from './usage.period.js';

export type DatasetViews = { views: number; unique_views: number };

/** Counted views of one dataset, all time (one grouped read of usage_daily, memoised until usage is written again). */
export async function selectDatasetViews(reads: CachedAnyDb, datasetPk: number): Promise<DatasetViews> {
  const all = await memoUsage(reads, 'views-by-dataset', async () => {
    const rows = await rowsOf<{ dataset_pk: number } & DatasetViews>(reads.db, sql`SELECT dataset_pk, COALESCE(SUM(count), 0) AS views, COALESCE(SUM(uniques), 0) AS unique_views
      FROM usage_daily WHERE kind = 'view' GROUP BY dataset_pk`);
    return new Map(rows.map((r) => [r.dataset_pk, { views: r.views, unique_views: r.unique_views }]));
  });
  return all.get(datasetPk) ?? { views: 0, unique_views: 0 };
}

/** Counted views and COUNTER unique views of every dataset page in a range, or all time (the overview's `views`). */
export async function selectViewTotals(reads: CachedAnyDb, range?: DayRange): Promise<DatasetViews> {
  return await memoUsage(reads, `view-totals|${range?.from}|${range?.to}`, async () => (await rowsOf<DatasetViews>(reads.db,
    sql`SELECT COALESCE(SUM(count), 0) AS views, COALESCE(SUM(uniques), 0) AS unique_views FROM usage_daily
        WHERE kind = 'view'${range ? sql` AND day BETWEEN ${range.from} AND ${range.to}` : sql``}`))[0]!);
}
