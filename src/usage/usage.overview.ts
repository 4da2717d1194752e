import { z } from '@hono/zod-openapi';
import type { Db } from '../db/client.js';
import { selectTotals } from './stats.queries.js';
import { addDays, toRange, utcDay } from './usage.period.js';

const figure = (what: string) =>
  z.object({ total: z.number().int(), last_30_days: z.number().int() }).openapi({ description: `${what}: all time, and the last 30 UTC days including today` });

/** The usage part of GET /api/v1/stats/overview (counted by the rules of DESIGN section 6; robots left out). */
export const UsageOverviewShape = {
  downloads: figure('Counted downloads'),
  api_calls: figure('Successful records API calls'),
  shares: figure('Uses of a department\'s data by another department'),
};

export type UsageOverview = { downloads: { total: number; last_30_days: number }; api_calls: { total: number; last_30_days: number }; shares: { total: number; last_30_days: number } };

export function selectUsageOverview(db: Db, now: Date): UsageOverview {
  const all = selectTotals(db);
  const today = utcDay(now);
  const recent = selectTotals(db, toRange(addDays(today, -29), today));
  return {
    downloads: { total: all.downloads, last_30_days: recent.downloads },
    api_calls: { total: all.api_calls, last_30_days: recent.api_calls },
    shares: { total: all.shares, last_30_days: recent.shares },
  };
}
