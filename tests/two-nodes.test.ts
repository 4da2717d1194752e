import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/engine.js';
import { seedCatalog } from '../src/seed.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createKey, setKeyLimits } from '../src/keys/keys.service.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';
import { nodeEnv, startNodeProcess, withClusterDb, type NodeProcess } from './support/node-process.js';

// Issue 14: two server processes (two nodes) sharing one PostgreSQL database and one bucket, as behind a load
// balancer: what one node publishes the other serves at once, and a node killed mid-publish leaves the other serving
// the previous version, its leftovers cleared when a node starts again.

type Node = NodeProcess;

const secret = 'two-nodes-secret-two-nodes-secret';

(pgSkipped ? describe.skip : describe)('two nodes on one PostgreSQL and one bucket', () => {
  let cluster: PgCluster;
  let s3: S3TestServer;
  let scratch: string;
  let cookie = '';
  let apiKey = '';
  let apiKeyId = '';
  let department = '';
  let theme = '';
  const nodes: Node[] = [];

  async function startNode(name: string): Promise<Node> {
    const node = await startNodeProcess(name, nodeEnv({ scratch, name, secret, cluster, s3 }));
    nodes.push(node);
    return node;
  }

  const request = (node: Node, p: string, init: RequestInit = {}) =>
    fetch(node.url + p, { ...init, headers: { origin: node.url, cookie, ...(p.includes('/records') ? { authorization: `Bearer ${apiKey}` } : {}), ...(init.headers as Record<string, string> | undefined) } });

  async function publish(node: Node, datasetId: string, csv: string): Promise<Response> {
    const form = new FormData();
    form.set('change_note', '两节点测试');
    form.set('file', new Blob([fs.readFileSync(csv)], { type: 'text/csv' }), 'rows.csv');
    return request(node, `/api/v1/datasets/${datasetId}/versions`, { method: 'POST', body: form });
  }

  const withDb = <T>(work: Parameters<typeof withClusterDb<T>>[2]) => withClusterDb(scratch, cluster.url, work);

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-two-nodes-'));
    [cluster, s3] = await Promise.all([startPgCluster(), startS3Server()]);
    await withDb(async (db) => {
      const catalog = loadCatalog();
      catalog.datasets = catalog.datasets.filter((d) => d.rows < 500).slice(0, 3);
      await seedCatalog(db, () => {}, catalog);
      department = catalog.datasets[0]!.department;
      theme = catalog.datasets[0]!.theme;
      const publisher = await createUser(db, { email: 'pub@city.cn', password: 'correct horse battery', role: 'publisher', departmentId: department }, new Date());
      cookie = `kf_session=${(await createSession(db, publisher.id, new Date())).token}`;
      const key = await createKey(db, publisher, 'two nodes', new Date());
      [apiKey, apiKeyId] = [key.secret, key.id];
    });
    await Promise.all([startNode('a'), startNode('b')]);
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await s3?.stop();
    await cluster?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a dataset created and published on node A is served by node B at once: API, records, page and file', async () => {
    const [a, b] = nodes as [Node, Node];
    const created = await request(a, '/api/v1/datasets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...companyDataset('two-nodes', department, theme), code: 'two-nodes-1' }) });
    expect(created.status, await created.clone().text()).toBe(201);
    const csv = path.join(scratch, 'v1.csv');
    writeCompanyCsv(csv, 300);
    const published = await publish(a, 'two-nodes', csv);
    expect(published.status, await published.clone().text()).toBe(201);
    expect(await published.json()).toMatchObject({ n: 1, row_count: 300 });

    const detail = (await (await request(b, '/api/v1/datasets/two-nodes')).json()) as { latest_version: number; versions: unknown[] };
    expect(detail.latest_version).toBe(1);
    const records = (await (await request(b, '/api/v1/datasets/two-nodes/records?limit=3&sort=-id')).json()) as { total: number; data: { id: number }[] };
    expect(records.total).toBe(300);
    expect(records.data.map((r) => r.id)).toEqual([300, 299, 298]);
    expect(await (await request(b, '/datasets/two-nodes')).text()).toContain('两节点测试');
    const [fromA, fromB] = (await Promise.all([a, b].map(async (n) => Buffer.from(await (await request(n, '/api/v1/datasets/two-nodes/versions/1/data.csv')).arrayBuffer())))) as [Buffer, Buffer];
    expect(fromB.length).toBeGreaterThan(1000);
    expect(fromB.equals(fromA)).toBe(true);
  }, 120_000);

  it('kill -9 of node A mid-publish: B keeps serving the previous version; the next start clears the leftovers and B publishes', async () => {
    const [a, b] = nodes as [Node, Node];
    const big = path.join(scratch, 'big.csv');
    writeCompanyCsv(big, 150_000);
    const pk = await withDb(async (db) => (await rowsOf<{ pk: number }>(db, sql`SELECT pk FROM datasets WHERE id = 'two-nodes'`))[0]!.pk);
    const upload = publish(a, 'two-nodes', big).catch((err: unknown) => err);
    // Mid-publish: A holds the dataset's lock and has started its version 2 table.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const tables = await withDb(async (db) => rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = ${`ds_${pk}_v2`}`));
      if (tables[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error(`node A never started version 2:\n${a.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    a.child.kill('SIGKILL');
    await a.exited;
    expect(await upload).toBeInstanceOf(Error); // the connection died with the node

    const detail = (await (await request(b, '/api/v1/datasets/two-nodes')).json()) as { latest_version: number };
    expect(detail.latest_version).toBe(1);
    expect(((await (await request(b, '/api/v1/datasets/two-nodes/records?limit=1')).json()) as { total: number }).total).toBe(300);

    // A starts again (same host: its old process is gone, so its lock is taken over at once) and clears the leftovers.
    const a2 = await startNode('a');
    const left = await withDb(async (db) => rowsOf<{ tablename: string }>(db, sql`SELECT tablename FROM pg_tables WHERE tablename LIKE ${`ds_${pk}_v%`} ORDER BY tablename`));
    expect(left.map((t) => t.tablename)).toEqual([`ds_${pk}_v1`]);
    const locks = await withDb(async (db) => rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM publish_locks WHERE dataset_pk = ${pk}`));
    expect(locks[0]!.n).toBe(0);
    const csv = path.join(scratch, 'v2.csv');
    writeCompanyCsv(csv, 320);
    const published = await publish(b, 'two-nodes', csv);
    expect(published.status, await published.clone().text()).toBe(201);
    expect(await published.json()).toMatchObject({ n: 2, row_count: 320 });
    expect(((await (await request(a2, '/api/v1/datasets/two-nodes')).json()) as { latest_version: number }).latest_version).toBe(2);
  }, 180_000);

  it('one key\'s per-minute limit holds across both nodes, and a download fetched from both within 30 s counts once', async () => {
    const live = nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
    expect(live).toHaveLength(2);
    await withDb((db) => setKeyLimits(db, apiKeyId, { ratePerMin: 5 }));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await request(live[i % 2]!, '/api/v1/datasets/two-nodes/records?limit=1')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);

    const pk = await withDb(async (db) => (await rowsOf<{ pk: number }>(db, sql`SELECT pk FROM datasets WHERE id = 'two-nodes'`))[0]!.pk);
    for (let i = 0; i < 4; i++) {
      const res = await request(live[i % 2]!, '/api/v1/datasets/two-nodes/versions/2/data.csv');
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // Each node writes what it counted within about a second; both have written after 3 s.
    await new Promise((r) => setTimeout(r, 3000));
    const counted = await withDb((db) => rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM usage_events WHERE dataset_pk = ${pk} AND version = 2 AND kind = 'download' AND format = 'csv'`));
    expect(counted[0]!.n).toBe(1);
  }, 60_000);
});
