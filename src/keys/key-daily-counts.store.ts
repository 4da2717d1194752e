import { and, eq, sql } from 'drizzle-orm';
import { writeWithoutWaiting, type Db } from '../db/client.js';
import { apiKeyDailyCounts } from './keys.table.js';

// The api_key_daily_counts table (what the rate limiter keeps of each key's day), through drizzle's query builder.

export const selectDailyCount = async (db: Db, keyId: string, day: string): Promise<number | undefined> =>
  db.select({ count: apiKeyDailyCounts.count }).from(apiKeyDailyCounts).where(and(eq(apiKeyDailyCounts.keyId, keyId), eq(apiKeyDailyCounts.day, day))).get()?.count;

export type DailyCount = { keyId: string; day: string; count: number };

/**
 * Writes the counts in one transaction. `wait` false: gives up at once if another connection holds the write
 * lock (a request must not block the serving thread on it), and answers whether they were written.
 */
export async function saveDailyCounts(db: Db, counts: DailyCount[], wait: boolean): Promise<boolean> {
  const save = () =>
    db.transaction((tx) => {
      for (const c of counts) {
        tx.insert(apiKeyDailyCounts).values(c).onConflictDoUpdate({ target: [apiKeyDailyCounts.keyId, apiKeyDailyCounts.day], set: { count: sql`excluded.count` } }).run();
      }
    });
  if (!wait) return writeWithoutWaiting(db, save);
  save();
  return true;
}
