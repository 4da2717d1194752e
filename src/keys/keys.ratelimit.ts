import type { Db } from '../db/client.js';
import type { ApiKeyPrincipal } from '../lib/context.js';
import { writeWithoutWaiting } from '../db/client.js';

export type LimitDecision = {
  allowed: boolean;
  /** Which limit refused the request. */
  refusedBy?: 'rate' | 'quota';
  limit: number;
  remaining: number;
  /** Seconds until the per-minute bucket is full again. */
  reset: number;
  /** Seconds until a refused request may be retried. */
  retryAfter: number;
  quotaLimit: number;
  quotaRemaining: number;
  /** Seconds until the daily quota starts again (midnight UTC). */
  quotaReset: number;
};

const minute = 60_000;
const flushEveryMs = 5_000;
const counterTable = 'api_key_daily_counts';

/**
 * A token bucket per key (capacity = rate_per_min, refilled continuously) plus a daily counter.
 * Held in memory: one process serves the portal, and checking a key costs no write. Daily counts
 * are flushed to `api_key_daily_counts` every few seconds and on shutdown, and read back
 * after a restart, so restarting never hands out a fresh quota; buckets simply start full.
 */
export function createRateLimiter(db: Db) {
  const sqlite = db.$client;
  const load = sqlite.prepare(`SELECT count FROM ${counterTable} WHERE key_id = ? AND day = ?`).pluck();
  const saveCount = sqlite.prepare(`INSERT INTO ${counterTable} (key_id, day, count) VALUES (?, ?, ?) ON CONFLICT (key_id, day) DO UPDATE SET count = excluded.count`);
  const buckets = new Map<string, { tokens: number; at: number }>();
  const daily = new Map<string, { day: string; count: number; dirty: boolean }>();
  let lastFlush = 0;

  /** `wait`: false from a request, which must not block the serving thread on the write lock (busy: next time). */
  function flush(wait = true): void {
    const dirty = [...daily.entries()].filter(([, d]) => d.dirty);
    if (!dirty.length) return;
    const save = sqlite.transaction(() => {
      for (const [keyId, d] of dirty) saveCount.run(keyId, d.day, d.count);
    });
    if (wait) save();
    else if (!writeWithoutWaiting(sqlite, save)) return;
    for (const [, d] of dirty) d.dirty = false;
  }

  function counter(keyId: string, day: string) {
    let d = daily.get(keyId);
    if (!d || d.day !== day) {
      if (d?.dirty) flush();
      d = { day, count: (load.get(keyId, day) as number | undefined) ?? 0, dirty: false };
      daily.set(keyId, d);
    }
    return d;
  }

  function take(key: ApiKeyPrincipal, nowMs: number): LimitDecision {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    const quotaReset = Math.ceil((Date.parse(`${day}T00:00:00Z`) + 24 * 3600_000 - nowMs) / 1000);
    const limit = key.ratePerMin;
    const perMs = limit / minute;
    const b = buckets.get(key.id) ?? { tokens: limit, at: nowMs };
    b.tokens = Math.min(limit, b.tokens + (nowMs - b.at) * perMs);
    b.at = nowMs;
    buckets.set(key.id, b);
    const d = counter(key.id, day);

    let refusedBy: LimitDecision['refusedBy'];
    let retryAfter = 0;
    if (d.count >= key.dailyQuota) {
      refusedBy = 'quota';
      retryAfter = quotaReset;
    } else if (b.tokens < 1) {
      refusedBy = 'rate';
      retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    } else {
      b.tokens -= 1;
      d.count += 1;
      d.dirty = true;
    }
    if (nowMs - lastFlush > flushEveryMs) {
      lastFlush = nowMs;
      flush(false);
    }
    return {
      allowed: !refusedBy,
      refusedBy,
      limit,
      remaining: Math.max(0, Math.floor(b.tokens)),
      reset: Math.ceil((limit - b.tokens) / perMs / 1000),
      retryAfter,
      quotaLimit: key.dailyQuota,
      quotaRemaining: Math.max(0, key.dailyQuota - d.count),
      quotaReset,
    };
  }

  /** Today's count for a key (for the developer centre). */
  const usedToday = (keyId: string, nowMs: number) => counter(keyId, new Date(nowMs).toISOString().slice(0, 10)).count;

  return { take, flush: () => flush(), usedToday };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

const limiters = new WeakMap<Db, RateLimiter>();

/** One limiter per database, shared by every keyed router of an app. */
export function rateLimiterFor(db: Db): RateLimiter {
  let limiter = limiters.get(db);
  if (!limiter) limiters.set(db, (limiter = createRateLimiter(db)));
  return limiter;
}

/** For graceful shutdown: writes the daily counters still held in memory. */
export function flushRateLimits(db: Db): void {
  limiters.get(db)?.flush();
}
