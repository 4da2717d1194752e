// The demo history: deterministic, flagged, about the city's real download total, left out with --no-demo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { seedDemoUsage, demoTotals } from '../src/usage/demo-usage.js';
import { runSeed } from '../scripts/cli/seed.js';
import { openDb } from '../src/db/client.js';
import { queryRow, queryValue, queryValues } from './support/db-query.js';

const apps: Awaited<ReturnType<typeof createTestApp>>[] = [];
afterAll(async () => void (await Promise.all(apps.map((a) => a.close()))));

const digest = async (t: Awaited<ReturnType<typeof createTestApp>>) =>
  (await queryRow(t.db, `SELECT COUNT(*) AS n, SUM(dataset_pk * 7 + status + COALESCE(bytes, 0) % 97) AS mix, MIN(ts) AS first, MAX(ts) AS last, ${t.engine === 'postgres' ? "string_agg(DISTINCT kind, ',')" : 'group_concat(DISTINCT kind)'} AS kinds FROM usage_events`));

describe('demo usage', () => {
  it('is deterministic, flagged is_demo, within the year before today, with rollups equal to the events', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const [a, b] = [await createTestApp(), await createTestApp()];
    apps.push(a, b);
    const result = await seedDemoUsage(a.db, now, { scale: 0.05 });
    await seedDemoUsage(b.db, now, { scale: 0.05 });
    expect(await digest(a)).toEqual(await digest(b));
    expect(result.downloads).toBeGreaterThan(demoTotals.downloads * 0.05 * 0.97);
    expect((await queryValue(a.db, 'SELECT COUNT(*) FROM usage_events WHERE is_demo = 0'))).toBe(0);
    expect((await queryValue(a.db, 'SELECT COUNT(*) FROM usage_daily WHERE is_demo = 0'))).toBe(0);
    const span = (await queryRow(a.db, 'SELECT MIN(ts) AS first, MAX(ts) AS last FROM usage_events')) as { first: string; last: string };
    expect(span.first >= '2025-11-26').toBe(true);
    expect(span.last < '2026-11-26').toBe(true);
    const counted = (await queryValue(a.db, "SELECT COUNT(*) FROM usage_events WHERE status BETWEEN 200 AND 299 AND (kind IN ('api', 'delivery') OR is_robot = 0)"));
    expect((await queryValue(a.db, 'SELECT SUM(count) FROM usage_daily'))).toBe(counted);
    const shares = (await queryValue(a.db, "SELECT COUNT(*) FROM usage_events WHERE consumer_department_id IS NOT NULL AND consumer_department_id <> owner_department_id")) as number;
    expect(shares).toBeGreaterThan(0);
    expect((await seedDemoUsage(a.db, now)).events).toBe(0); // once only
  });

  it('skews downloads to popular datasets', async () => {
    const t = apps[0]!;
    const perDataset = (await queryValues(t.db, "SELECT COUNT(*) AS n FROM usage_events WHERE kind = 'download' GROUP BY dataset_pk ORDER BY n DESC")) as number[];
    const total = perDataset.reduce((s, n) => s + n, 0);
    expect(perDataset[0]! / total).toBeGreaterThan(2 / perDataset.length);
  });

  it('is left out by `seed --no-demo`', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-nodemo-'));
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
      await runSeed(['--no-demo']);
      const db = openDb(path.join(dir, 'kaifang.db'));
      expect(db.$client.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBeGreaterThan(100);
      expect(db.$client.prepare('SELECT COUNT(*) FROM usage_events').pluck().get()).toBe(0);
      db.$client.close();
    } finally {
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
