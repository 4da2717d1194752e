import { sql } from 'drizzle-orm';
import { execute, rowsOf, type PgDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';

// The auth_throttle table (PostgreSQL only, migration 0003): the sign-in and registration throttles of every node.

export type ThrottleWindow = { max: number; windowMs: number };

const pruneEveryMs = 60_000;

/**
 * The throttle `name` (login, registration) on PostgreSQL, with the in-memory one's rules: an attempt is counted when
 * it is taken, checked and counted in one transaction that locks the rows of all its keys (in one order, so two
 * nodes cannot deadlock), so however many nodes receive attempts at once, at most `max` run per window and key.
 */
export function createPgAttemptThrottle(db: PgDb, name: string, { max, windowMs }: ThrottleWindow) {
  const rowKeys = (keys: string[]) => [...new Set(keys.map((k) => `${name}|${k}`))].sort();
  let lastPrune = 0;

  async function take(keys: string[], now: number): Promise<number> {
    const names = rowKeys(keys);
    return await inTransaction(db, async (tx) => {
      await execute(tx, sql`INSERT INTO auth_throttle (key, attempts) SELECT k, '{}' FROM unnest(${sql.param(names)}::text[]) AS k ON CONFLICT DO NOTHING`);
      const rows = await rowsOf<{ attempts: (number | string)[] }>(tx, sql`SELECT attempts FROM auth_throttle
        WHERE key = ANY(${sql.param(names)}::text[]) ORDER BY key COLLATE "C" FOR UPDATE`);
      let wait = 0;
      for (const row of rows) {
        const recent = row.attempts.map(Number).filter((t) => now - t < windowMs).sort((a, b) => a - b);
        if (recent.length >= max) wait = Math.max(wait, recent[recent.length - max]! + windowMs - now);
      }
      if (wait) return Math.ceil(wait / 1000);
      await execute(tx, sql`UPDATE auth_throttle SET attempts = array_append(ARRAY(SELECT t FROM unnest(attempts) AS t WHERE ${now}::bigint - t < ${windowMs}), ${now}::bigint)
        WHERE key = ANY(${sql.param(names)}::text[])`);
      return 0;
    }).finally(() => prune(now));
  }

  // Keys whose last attempt left the window hold nothing: addresses spraying many accounts must not grow the table.
  async function prune(now: number): Promise<void> {
    if (Date.now() - lastPrune < pruneEveryMs) return;
    lastPrune = Date.now();
    await execute(db, sql`DELETE FROM auth_throttle WHERE key LIKE ${`${name}|%`}
      AND COALESCE(attempts[cardinality(attempts)], 0) <= ${now - windowMs}`);
  }

  return {
    max,
    take,
    /** Takes back the attempt counted at `at` on each of `keys` (one occurrence, as in memory). */
    async giveBack(keys: string[], at: number): Promise<void> {
      await execute(db, sql`UPDATE auth_throttle
        SET attempts = attempts[:array_position(attempts, ${at}::bigint) - 1] || attempts[array_position(attempts, ${at}::bigint) + 1:]
        WHERE key = ANY(${sql.param(rowKeys(keys))}::text[]) AND array_position(attempts, ${at}::bigint) IS NOT NULL`);
    },
    async clear(key: string): Promise<void> {
      await execute(db, sql`DELETE FROM auth_throttle WHERE key = ${`${name}|${key}`}`);
    },
  };
}
