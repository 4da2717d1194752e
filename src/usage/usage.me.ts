import type { Db } from '../db/client.js';
import type { AppDeps } from '../app-deps.js';
import { listKeys, type KeyRow } from '../keys/index.js';
import { addDays, parseRange } from './usage.period.js';
import { selectKeyDays, type KeyDayUse } from './usage.store.js';

/**
 * A key holder's own calls per key and day (from usage_events) and what is left of today's quota (from the
 * rate limiter, which is what refuses calls). Signed in: all one's active keys; with a key: that key only.
 */
export async function myUsage({ db, rateLimiter: limiter }: Pick<AppDeps, 'db' | 'rateLimiter'>, who: { userId: string } | { key: KeyRow }, input: { from?: string; to?: string }, now: Date) {
  const range = parseRange(input, now, (to) => addDays(to, -29));
  const keys = 'userId' in who ? await listKeys(db, who.userId) : [who.key];
  const byKey = new Map<string, KeyDayUse[]>();
  for (const d of await selectKeyDays(db, keys.map((k) => k.id), range.start, range.end)) byKey.set(d.key_id, [...(byKey.get(d.key_id) ?? []), d]);
  const data = await Promise.all(keys.map(async (k) => {
    const usedToday = await limiter.usedToday(k.id, now.getTime());
    return {
      key: { id: k.id, name: k.name, prefix: k.prefix, rate_per_min: k.rate_per_min, daily_quota: k.daily_quota, used_today: usedToday, quota_remaining: Math.max(0, k.daily_quota - usedToday) },
      days: (byKey.get(k.id) ?? []).map(({ key_id, ...d }) => d),
    };
  }));
  return { from: range.from, to: range.to, data, total: data.length };
}

/** The active key a secret belongs to, as the developer's own (for GET /me/usage with a key instead of a session). */
export async function keyRowForSecret(db: Db, keyId: string, ownerUserId: string): Promise<KeyRow | null> {
  return (await listKeys(db, ownerUserId)).find((k) => k.id === keyId) ?? null;
}
