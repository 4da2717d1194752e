import { z } from '@hono/zod-openapi';
import type { CachedDb } from '../catalog/index.js';
import { selectTotals } from './stats.sql.js';
import { selectViewTotals } from './usage-views.store.js';
import { addDays, toRange, utcDay } from './usage.period.js';

const figure = (what: string) =>
  z.object({ total: z.number().int(), last_30_days: z.number().int() }).openapi({ description: `${what}: all time, and the last 30 UTC days including today` });

/** The usage part of GET /api/v1/stats/overview (counted by the rules of DESIGN section 6; robots left out). */
export const UsageOverviewShape = {
  downloads: figure('Counted downloads'),
  api_calls: figure('Successful records API calls'),
  shares: figure('Uses of a department\'s data by another department'),
  unique_downloads: figure('COUNTER unique downloads (each consumer once per dataset and day)'),
  unique_api_calls: figure('COUNTER unique API calls (each key or user once per dataset and day)'),
  unique_shares: figure('COUNTER unique shares (each consumer once per dataset, kind of use and day)'),
  views: figure('Dataset page views (HTML, robots and repeats within 30 s left out)'),
  unique_views: figure('COUNTER unique dataset page views (each visitor once per dataset and day)'),
};

type Figure = { total: number; last_30_days: number };
const shown = ['downloads', 'api_calls', 'shares', 'unique_downloads', 'unique_api_calls', 'unique_shares', 'views', 'unique_views'] as const;
export type UsageOverview = Record<(typeof shown)[number], Figure>;

/** GET /api/v1/stats/overview: the catalog's size (from the catalog) beside the usage figures. */
export const OverviewSchema = z
  .object({ datasets: z.number().int(), departments: z.number().int(), records: z.number().int(), versions: z.number().int(), ...UsageOverviewShape })
  .openapi('Overview');

export async function selectUsageOverview(reads: CachedDb, now: Date): Promise<UsageOverview> {
  const today = utcDay(now);
  const last30 = toRange(addDays(today, -29), today);
  const all = { ...await selectTotals(reads), ...await selectViewTotals(reads) };
  const recent = { ...await selectTotals(reads, last30), ...await selectViewTotals(reads, last30) };
  return Object.fromEntries(shown.map((f) => [f, { total: all[f], last_30_days: recent[f] }])) as UsageOverview;
}
