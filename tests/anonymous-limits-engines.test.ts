import { expect, it } from 'vitest';
import { isPg } from '../src/db/engine.js';
import { createRateLimiter } from '../src/keys/keys.ratelimit.js';
import { selectDailyCount } from '../src/keys/key-daily-counts.store.js';
import { describeOnEngines } from './support/engines.js';
import { queryRows, queryValue } from './support/db-query.js';

// The per-address limits of anonymous reads use the per-key mechanism: on PostgreSQL one bucket row shared by every
// node (so 3 a minute means 3 across nodes); stored under an id that does not reveal the address; pruned.

describeOnEngines('anonymous read limits', (db) => {
  const limits = { perMin: 3, perDay: 1000 };
  const nowMs = Date.parse('2026-11-30T12:00:00.000Z');

  it('an address\'s per-minute bucket is shared by two nodes on PostgreSQL, held per node on SQLite', async () => {
    const nodeA = createRateLimiter(db(), { secret: 'test-secret-0123456789' });
    const nodeB = createRateLimiter(db(), { secret: 'test-secret-0123456789' });
    const took = [];
    for (let i = 0; i < 3; i++) took.push((await nodeA.takeAnonymous('192.0.2.50', limits, nowMs)).allowed);
    for (let i = 0; i < 3; i++) took.push((await nodeB.takeAnonymous('192.0.2.50', limits, nowMs)).allowed);
    expect(took).toEqual(isPg(db()) ? [true, true, true, false, false, false] : [true, true, true, true, true, true]);
    const refused = await nodeA.takeAnonymous('192.0.2.50', limits, nowMs);
    expect(refused).toMatchObject({ allowed: false, refusedBy: 'rate', limit: 3, remaining: 0 });
    expect((await nodeB.takeAnonymous('192.0.2.51', limits, nowMs)).allowed).toBe(true);
  });

  it('stores counts under an HMAC id, never the address, and prunes past days and idle buckets', async () => {
    const node = createRateLimiter(db(), { secret: 'test-secret-0123456789' });
    for (let i = 0; i < 2; i++) await node.takeAnonymous('192.0.2.60', limits, nowMs);
    await node.flush();
    const rows = (await queryRows(db(), "SELECT key_id, day, count FROM api_key_daily_counts WHERE key_id LIKE 'anon:%' ORDER BY count DESC")) as { key_id: string; count: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('192.0.2');
    const id = rows.find((r) => r.count === 2)!.key_id;
    expect(await selectDailyCount(db(), id, '2026-11-30')).toBe(2);
    // The next day, a request past the prune interval deletes yesterday's anonymous counts and idle buckets.
    const nextDay = nowMs + 24 * 3600_000 + 11 * 60_000;
    await node.takeAnonymous('192.0.2.61', limits, nextDay);
    await node.takeAnonymous('192.0.2.61', limits, nextDay + 6_000);
    expect(await selectDailyCount(db(), id, '2026-11-30')).toBeUndefined();
    if (isPg(db())) expect(await queryValue(db(), 'SELECT count(*) FROM api_key_buckets WHERE at < ?', nextDay - 120_000)).toBe(0);
  });
});
