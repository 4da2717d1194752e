import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createUsageRecorder } from '../src/usage/usage.recorder.js';
import { createRateLimiter } from '../src/keys/keys.ratelimit.js';
import { createTestApp } from './helpers.js';
import { browserUa } from './usage.helpers.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('serving-thread writes while another connection holds the write lock (a publish building an index)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | null = null;
  afterEach(() => t?.close());

  it('never blocks the serving thread, and writes the buffered events once the lock is free', async () => {
    t = await createTestApp({ datasets: ['bus-stops'] });
    const pk = t.db.$client.prepare("SELECT pk FROM datasets WHERE id = 'bus-stops'").pluck().get() as number;
    const recorder = await createUsageRecorder(t.db, { secret: 'test-secret-test-secret', flushEveryMs: 50 });
    const other = new Database(path.join(t.dataDir, 'kaifang.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      recorder.record({ kind: 'download', datasetPk: pk, version: 1, format: 'csv', ownerDepartmentId: 'transport', ip: '198.51.100.7', userAgent: browserUa, status: 200 });
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      await pause(600); // about twelve flush ticks, each meeting the held lock
      delay.disable();
      // Waiting on the lock (busy_timeout 5 s) would have held the loop for seconds.
      expect(delay.max / 1e6).toBeLessThan(200);
      expect(t.db.$client.prepare('SELECT COUNT(*) FROM usage_events').pluck().get()).toBe(0);

      other.exec('COMMIT');
      await pause(300);
      expect(t.db.$client.prepare("SELECT COUNT(*) FROM usage_events WHERE kind = 'download'").pluck().get()).toBe(1);
      expect(t.db.$client.prepare('SELECT SUM(count) FROM usage_daily').pluck().get()).toBe(1);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await recorder.stop();
    }
  });

  it('the API key counter (saved every few seconds from a request) does not wait either, and loses no call', async () => {
    t = await createTestApp({ datasets: ['bus-stops'] });
    const limiter = createRateLimiter(t.db);
    const key = { id: 'k_busy', ownerUserId: 'u_x', ownerRole: 'user', departmentId: null, ratePerMin: 1000, dailyQuota: 1000 };
    const start = Date.parse('2026-11-30T08:00:00Z');
    const other = new Database(path.join(t.dataDir, 'kaifang.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      const began = performance.now();
      for (let i = 0; i < 4; i++) await limiter.take(key, start + i * 6000); // each call is past the 5 s save interval
      expect(performance.now() - began).toBeLessThan(200); // waiting on the lock: 5 s per save
      other.exec('COMMIT');
      await limiter.take(key, start + 30_000);
      const saved = t.db.$client.prepare("SELECT count FROM api_key_daily_counts WHERE key_id = 'k_busy'").pluck().get();
      expect(saved).toBe(5);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});
