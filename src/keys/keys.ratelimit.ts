import { createHmac } from 'node:crypto';
import { isPg, type AnyDb } from '../db/engine.js';
import type { ApiKeyPrincipal } from '../lib/context.js';
import { addDailyCounts, deleteAnonymousDays, selectDailyCount } from './key-daily-counts.store.js';
import { deleteIdleBuckets, takeFromBucket, type BucketState } from './key-buckets.sql.js';

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
const pruneEveryMs = 10 * minute;

/** What a limit applies to: a key, or (`anon:`) a client address reading without one. */
export type Limited = Pick<ApiKeyPrincipal, 'id' | 'ratePerMin' | 'dailyQuota'>;

/**
 * A token bucket per key (capacity = rate_per_min, refilled continuously) plus a daily counter.
 * On SQLite (one node) the bucket is held in memory, so checking a key costs no write; it starts full after a
 * restart. On PostgreSQL, where several nodes serve the same keys, the bucket is a row of `api_key_buckets`
 * refilled and taken by one statement per request (key-buckets.sql.ts): 600/min means 600 in total across nodes.
 * Daily counts are added to `api_key_daily_counts` every few seconds and on shutdown, and read back after a
 * restart, so restarting never hands out a fresh quota. Nodes sharing one database add their own calls to one
 * count and each learns the others' when it saves (so within a few seconds).
 * Anonymous reads (`takeAnonymous`) go through the same buckets and counts under an id that is an HMAC of the
 * address and the day under the app secret: the address itself is never stored, and a day's id cannot be linked to
 * the next day's. Their in-memory entries and stored rows are pruned once they no longer limit anything.
 * createApp builds one per app (AppDeps.rateLimiter), shared by every keyed router of that app.
 */
export function createRateLimiter(db: AnyDb, options: { secret?: string } = {}) {
  const anonymousSecret = options.secret ?? 'kaifang-anonymous';
  const buckets = new Map<string, { tokens: number; at: number }>();
  const daily = new Map<string, { day: string; count: number; unsaved: number }>();
  let lastFlush = 0;
  let lastPrune = 0;

  /** Forgets what no longer limits anything: a day that is over (saved), a bucket idle long enough to be full again. */
  async function prune(nowMs: number): Promise<void> {
    lastPrune = nowMs;
    const today = new Date(nowMs).toISOString().slice(0, 10);
    for (const [id, d] of daily) if (d.day !== today && d.unsaved === 0) daily.delete(id);
    for (const [id, b] of buckets) if (nowMs - b.at > 2 * minute) buckets.delete(id);
    await deleteAnonymousDays(db, today);
    if (isPg(db)) await deleteIdleBuckets(db, nowMs - 2 * minute);
  }

  /** `wait`: false from a request, which must not block the serving thread on the write lock (busy: next time). */
  async function flush(wait = true): Promise<void> {
    const dirty = [...daily.entries()].filter(([, d]) => d.unsaved > 0).map(([keyId, d]) => ({ d, keyId, day: d.day, added: d.unsaved }));
    if (!dirty.length) return;
    // Added to the stored count, not overwriting it: every node sharing the database adds its own calls. Taken out of
    // `unsaved` before the write, so a flush started meanwhile cannot add them twice; put back if nothing was written.
    const putBack = () => dirty.forEach((c) => (c.d.unsaved += c.added));
    for (const c of dirty) c.d.unsaved -= c.added;
    const stored = await addDailyCounts(db, dirty, wait).catch((err: unknown) => (putBack(), Promise.reject(err)));
    if (!stored) return putBack();
    // What other nodes counted meanwhile joins this node's count.
    for (const s of stored) {
      const d = daily.get(s.keyId);
      if (d?.day === s.day) d.count = Math.max(d.count, s.count + d.unsaved);
    }
  }

  /** The key's count for `day`, read from the table once a day per key; later calls need no await. */
  const cachedCounter = (keyId: string, day: string) => {
    const d = daily.get(keyId);
    return d && d.day === day ? d : undefined;
  };

  async function counter(keyId: string, day: string) {
    const d = daily.get(keyId);
    if (d?.day === day) return d;
    if (d?.unsaved) await flush();
    const count = (await selectDailyCount(db, keyId, day)) ?? 0;
    // Another request of the same key may have loaded it meanwhile and counted on it: keep that one.
    const loaded = cachedCounter(keyId, day) ?? { day, count, unsaved: 0 };
    daily.set(keyId, loaded);
    return loaded;
  }

  /** The in-memory bucket (SQLite: one node): refilled for the time since the key's last request, a token taken when `want` and one is there. */
  function takeFromMemory(keyId: string, limit: number, nowMs: number, want: boolean): BucketState {
    const b = buckets.get(keyId) ?? { tokens: limit, at: nowMs };
    b.tokens = Math.min(limit, b.tokens + (nowMs - b.at) * (limit / minute));
    b.at = nowMs;
    buckets.set(keyId, b);
    const took = want && b.tokens >= 1;
    if (took) b.tokens -= 1;
    return { tokens: b.tokens, took };
  }

  async function take(key: Limited, nowMs: number): Promise<LimitDecision> {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    const quotaReset = Math.ceil((Date.parse(`${day}T00:00:00Z`) + 24 * 3600_000 - nowMs) / 1000);
    const limit = key.ratePerMin;
    const perMs = limit / minute;
    const d = cachedCounter(key.id, day) ?? (await counter(key.id, day));
    const quotaLeft = d.count < key.dailyQuota;
    // The bucket as this request leaves it; on PostgreSQL a token is taken only when the quota allows the call.
    const b = isPg(db) ? await takeFromBucket(db, key.id, limit, nowMs, quotaLeft) : takeFromMemory(key.id, limit, nowMs, quotaLeft);

    let refusedBy: LimitDecision['refusedBy'];
    let retryAfter = 0;
    if (!quotaLeft) {
      refusedBy = 'quota';
      retryAfter = quotaReset;
    } else if (!b.took) {
      refusedBy = 'rate';
      retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    } else {
      d.count += 1;
      d.unsaved += 1;
    }
    if (nowMs - lastFlush > flushEveryMs) {
      lastFlush = nowMs;
      await flush(false);
      if (nowMs - lastPrune > pruneEveryMs) await prune(nowMs).catch(() => {}); // next time, then
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
  const usedToday = async (keyId: string, nowMs: number) => (await counter(keyId, new Date(nowMs).toISOString().slice(0, 10))).count;

  /** A request without a key from `addressKey` (an address, or an IPv6 /64: addressLimitKey), under the anonymous limits. */
  function takeAnonymous(addressKey: string, limits: { perMin: number; perDay: number }, nowMs: number): Promise<LimitDecision> {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    const id = `anon:${createHmac('sha256', anonymousSecret).update(`${day}\n${addressKey}`).digest('base64url').slice(0, 22)}`;
    return take({ id, ratePerMin: limits.perMin, dailyQuota: limits.perDay }, nowMs);
  }

  return { take, takeAnonymous, flush: async () => await flush(), usedToday };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
