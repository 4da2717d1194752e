import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { openConnection, closeConnection } from '../src/db/connection.js';
import type { Db } from '../src/db/client.js';
import { rowsOf } from '../src/db/engine.js';
import { seedCatalog } from '../src/seed.js';
import { createPortal } from '../web/portal.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey, setKeyLimits } from '../src/keys/keys.service.js';
import { pickTestDatasets } from './helpers.js';
import { browserUa, fileUrl, fromIp } from './usage.helpers.js';
import { json } from './records.helpers.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

// Issue 14, several nodes one truth: two apps (two nodes, each with its own connection pool) on one PostgreSQL share
// one key's per-minute rate limit, the double-click rule of usage counting and the sign-in throttle, as one node would
// apply them.

type Node = Awaited<ReturnType<typeof createPortal>> & { db: Db };

(pgSkipped ? describe.skip : describe)('two nodes on one PostgreSQL', () => {
  let cluster: PgCluster;
  let dataDir: string;
  let nodes: [Node, Node];
  let clock = Date.parse('2026-11-30T08:00:00Z');
  let dataset: { id: string; n: number };

  beforeAll(async () => {
    cluster = await startPgCluster();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-cluster-'));
    const filesDir = path.join(dataDir, 'files');
    fs.mkdirSync(filesDir, { recursive: true });
    const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_DATABASE_URL: cluster.url });
    const node = async (): Promise<Node> => {
      const db = await openConnection({ dataDir, databaseUrl: env.KAIFANG_DATABASE_URL });
      return { ...(await createPortal({ db, env, filesDir, secret: 'test-secret-test-secret', now: () => new Date(clock) })), db };
    };
    const a = await node();
    const catalog = loadCatalog();
    const ids = new Set(pickTestDatasets(catalog.datasets));
    catalog.datasets = catalog.datasets.filter((d) => ids.has(d.id));
    await seedCatalog(a.db, () => {}, catalog);
    nodes = [a, await node()];
    const open = await rowsOf<{ id: string; n: number }>(a.db, sql`SELECT id, latest_version AS n FROM datasets
      WHERE open_type = 'open' AND latest_version IS NOT NULL ORDER BY pk LIMIT 1`);
    dataset = open[0]!;
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes ?? []) {
      await n.deps.usage.stop();
      await n.close();
      await closeConnection(n.db);
    }
    await cluster?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a key limited to 5 a minute gets 5 answers in total from both nodes, then 429 on both until a token is back', async () => {
    const [a] = nodes;
    const user = await createUser(a.db, { email: 'rate@example.cn', password: 'correct horse battery', role: 'user', departmentId: null }, new Date(clock));
    const key = await createKey(a.db, user, 'two nodes', new Date(clock));
    await setKeyLimits(a.db, key.id, { ratePerMin: 5 });
    const call = (i: number) => nodes[i % 2]!.app.request(`/api/v1/datasets/${dataset.id}/records?limit=1`, { headers: { authorization: `Bearer ${key.secret}` } });

    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await call(i));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    // The headers count what both nodes gave out: 4 left after the first call (node A), 0 after the fifth (node A again).
    expect(answers.slice(0, 5).map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(answers[4]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[4]!.headers.get('x-ratelimit-reset')).toBe('60');
    // One token comes back every 12 s, on both nodes alike.
    for (const refused of answers.slice(5, 7)) {
      expect(refused.headers.get('retry-after')).toBe('12');
      expect((await refused.json()) as { code: string }).toMatchObject({ code: 'rate_limited' });
    }

    clock += 12_000;
    expect((await call(1)).status).toBe(200); // node B takes the token that came back
    expect((await call(0)).status).toBe(429); // and node A finds none
  });

  it('wrong passwords for one account sent alternately to both nodes are 10 in total, then 429 on both', async () => {
    const [a] = nodes;
    await createUser(a.db, { email: 'target@example.cn', password: 'correct horse battery', role: 'user', departmentId: null }, new Date(clock));
    // Each attempt from its own address: only the account's window can refuse them.
    const login = (i: number, password = 'password guess') =>
      nodes[i % 2]!.app.request('/api/v1/auth/login', json({ email: 'target@example.cn', password }), fromIp(`198.51.100.${i + 1}`));
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
    const refused = await login(12, 'correct horse battery');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800); // the 15-minute window of the first failure
    // Both nodes agree when it is over.
    clock += 15 * 60_000;
    expect((await login(13, 'correct horse battery')).status).toBe(200);
  });

  it('30 wrong passwords for one account sent at once to both nodes: 10 checked, 20 refused', async () => {
    const [a] = nodes;
    await createUser(a.db, { email: 'burst@example.cn', password: 'correct horse battery', role: 'user', departmentId: null }, new Date(clock));
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      nodes[i % 2]!.app.request('/api/v1/auth/login', json({ email: 'burst@example.cn', password: 'password guess' }), fromIp(`192.0.2.${i + 1}`))));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(10);
    expect(statuses.filter((s) => s === 429).length).toBe(20);
  });

  it('a download fetched alternately from both nodes within 30 s counts once', async () => {
    const downloads = async () => {
      await Promise.all(nodes.map((n) => n.deps.usage.flush()));
      return (await rowsOf<{ n: number }>(nodes[0].db, sql`SELECT COUNT(*) AS n FROM usage_events WHERE kind = 'download'`))[0]!.n;
    };
    const fetchFrom = async (i: number) => {
      const res = await nodes[i]!.app.request(fileUrl(dataset), { headers: { 'user-agent': browserUa } }, fromIp('203.0.113.21'));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    };
    const before = await downloads();
    await fetchFrom(0);
    clock += 8_000;
    await fetchFrom(1);
    clock += 8_000;
    await fetchFrom(0);
    clock += 8_000;
    await fetchFrom(1);
    expect(await downloads()).toBe(before + 1);
    // The statistics both nodes show agree.
    const totals = await Promise.all(nodes.map(async (n) => ((await (await n.app.request('/api/v1/stats/overview')).json()) as { downloads: { total: number } }).downloads.total));
    expect(totals[0]).toBe(totals[1]);

    clock += 23_000; // 47 s after the fetch that counted
    await fetchFrom(1);
    clock += 5_000;
    await fetchFrom(0);
    expect(await downloads()).toBe(before + 2);
  });
});
