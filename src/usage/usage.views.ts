import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import type { CachedAnyDb } from '../catalog/index.js';
import { rowsOf } from '../db/engine.js';
import { memoUsage } from './usage.cache.js';
import { requestConsumer } from './usage.http.js';
import type { DayRange } from './usage.period.js';

/**
 * A dataset's HTML page served (200 to a GET) is a view, counted by the recorder under the downloads' rules
 * (DESIGN section 6: robots recorded apart, the same consumer within 30 s once, COUNTER uniques per day). The page
 * reached from a catalog search (`from=search-<id>` on the result links) also marks that search opened.
 */
export function noteDatasetView(c: Context<AppEnv>, deps: Pick<AppDeps, 'usage' | 'env'>, dataset: { pk: number; department_id: string }, status: number): void {
  if (c.req.method !== 'GET' || status !== 200) return;
  const consumer = requestConsumer(c, deps);
  deps.usage.record({
    kind: 'view',
    datasetPk: dataset.pk,
    ownerDepartmentId: dataset.department_id,
    consumerDepartmentId: consumer.consumerDepartmentId,
    userId: consumer.userId,
    keyId: consumer.keyId,
    ip: consumer.ip,
    userAgent: consumer.userAgent,
    status,
  });
  const from = c.req.query('from');
  if (from) deps.usage.searchOpened(from);
}

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
