// Issue 13: the rate limiter is the app's own state, built by createApp (AppDeps.rateLimiter), not a module-level
// map per database: two apps in one process, even on one connection, do not spend each other's per-minute budget.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { setKeyLimits } from '../src/keys/keys.service.js';
import { createApp } from '../src/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let other: Awaited<ReturnType<typeof createApp>>;
beforeAll(async () => {
  t = await createTestApp({ datasets: ['bus-stops'] });
  other = await createApp({ db: t.db, env: t.deps.env, filesDir: t.deps.filesDir, secret: 'test-secret-test-secret', usage: false });
});
afterAll(async () => {
  await other.close();
  await t.close();
});

it('gives each app its own rate limiter', async () => {
  const { key, headers } = await developer(t.app, 'two-apps@example.com');
  await setKeyLimits(t.db, key.id, { ratePerMin: 2 });
  const url = '/api/v1/datasets/bus-stops/records?limit=1';
  expect((await t.app.request(url, { headers })).status).toBe(200);
  expect((await t.app.request(url, { headers })).status).toBe(200);
  expect((await t.app.request(url, { headers })).status).toBe(429);
  const fresh = await other.app.request(url, { headers });
  expect(fresh.status).toBe(200);
  expect(fresh.headers.get('x-ratelimit-remaining')).toBe('1');
});
