import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, rowsOf } from '../src/db/engine.js';
import { seedCatalog } from '../src/seed.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { isoSeconds } from '../src/lib/dates.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';
import { nodeEnv, startNodeProcess, withClusterDb, type NodeProcess } from './support/node-process.js';

// Issue 14: a recurring delivery of the demand board runs once across two server processes sharing one PostgreSQL
// database and one bucket. Both nodes look for due orders every 150 ms (KAIFANG_RECURRING_CHECK_MS), so both see
// the same orders fall due within a check of each other; each month's delivery of an order is one job of the
// cluster's queue, and only the node that claims it delivers.

type Node = NodeProcess;
type Detail = { status: string; timeline: { action: string }[]; deliveries: unknown[] };

const secret = 'recurring-secret-recurring-secret';
const notaries = 'notary-offices'; // justice
const orders = 4;

(pgSkipped ? describe.skip : describe)('a recurring delivery on two nodes', () => {
  let cluster: PgCluster;
  let s3: S3TestServer;
  let scratch: string;
  let requester = '';
  let provider = '';
  const nodes: Node[] = [];

  async function startNode(name: string): Promise<Node> {
    const node = await startNodeProcess(name, nodeEnv({ scratch, name, secret, cluster, s3 }, { KAIFANG_RECURRING_CHECK_MS: '150' }));
    nodes.push(node);
    return node;
  }

  async function send<T>(node: Node, who: string, method: string, p: string, body?: unknown, status = 200): Promise<T> {
    const res = await fetch(node.url + p, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { origin: node.url, cookie: who, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
    const text = await res.text();
    if (res.status !== status) throw new Error(`${method} ${p}: expected ${status}, got ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  const withDb = <T>(work: Parameters<typeof withClusterDb<T>>[2]) => withClusterDb(scratch, cluster.url, work);

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-two-nodes-recurring-'));
    [cluster, s3] = await Promise.all([startPgCluster(), startS3Server()]);
    await withDb(async (db) => {
      const catalog = loadCatalog();
      catalog.datasets = catalog.datasets.filter((d) => d.id === notaries);
      await seedCatalog(db, () => {}, catalog);
      const signIn = async (email: string, role: 'publisher', departmentId: string) => {
        const user = await createUser(db, { email, password: 'correct horse battery', role, departmentId }, new Date());
        return `kf_session=${(await createSession(db, user.id, new Date())).token}`;
      };
      requester = await signIn('planner@city.cn', 'publisher', 'transport');
      provider = await signIn('notary@city.cn', 'publisher', 'justice');
    });
    await Promise.all([startNode('a'), startNode('b')]);
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await s3?.stop();
    await cluster?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('both nodes check every 150 ms; each due order is delivered once, and both nodes show that one delivery', async () => {
    const [a, b] = nodes as [Node, Node];
    // Recurring orders placed on A, accepted on B, first delivered on A.
    const ids: string[] = [];
    for (let i = 0; i < orders; i++) {
      await send(a, requester, 'POST', '/api/v1/cart/items', { dataset: notaries, fields: ['office_id', 'name'], delivery_mode: 'recurring' }, 201);
      const checkout = await send<{ data: { id: string }[] }>(a, requester, 'POST', '/api/v1/cart/checkout', { purpose: '交通规划分析', legal_basis: '《马鞍山市公共数据管理办法》第十二条', agree: true }, 201);
      const id = checkout.data[0]!.id;
      await send(b, provider, 'POST', `/api/v1/demands/${id}/accept`, {});
      await send(a, provider, 'POST', `/api/v1/demands/${id}/deliver`, {});
      ids.push(id);
    }
    const first = await send<Detail>(b, requester, 'GET', `/api/v1/demands/${ids[0]}`);
    expect(first.status).toBe('delivered');
    const firstFiles = first.deliveries.length;
    expect(firstFiles).toBeGreaterThan(0);
    // Still not due: both nodes have looked many times and delivered nothing more.
    await new Promise((r) => setTimeout(r, 600));
    const notices = async () => await withDb(async (db) => (await rowsOf<{ n: number }>(db, sql`SELECT COUNT(*)::int AS n FROM notifications WHERE demand_id IN ${sql`(${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`}`))[0]!.n);
    const noticed = await notices();

    // A month passes for these orders (their files dated back 40 days), under both nodes' checks at once.
    const monthAgo = isoSeconds(new Date(Date.now() - 40 * 86_400_000));
    await withDb((db) => execute(db, sql`UPDATE deliveries SET delivered_at = ${monthAgo} WHERE demand_id IN ${sql`(${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`}`));
    const redelivered = (d: Detail) => d.timeline.filter((e) => e.action === 'redeliver').length;
    const deadline = Date.now() + 30_000;
    for (const id of ids) {
      while (redelivered(await send<Detail>(a, requester, 'GET', `/api/v1/demands/${id}`)) === 0) {
        if (Date.now() > deadline) throw new Error(`order ${id} was never delivered again:\n${a.output()}\n${b.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await new Promise((r) => setTimeout(r, 1500)); // ten more checks on each node

    for (const id of ids) {
      const [fromA, fromB] = await Promise.all([a, b].map((n) => send<Detail>(n, requester, 'GET', `/api/v1/demands/${id}`)));
      expect(redelivered(fromA!)).toBe(1);
      expect(fromA!.deliveries).toHaveLength(2 * firstFiles); // this month's files beside the first ones
      expect(fromB).toEqual(fromA);
    }
    expect(await notices()).toBe(noticed + orders);
    const month = isoSeconds(new Date()).slice(0, 7);
    const jobs = await withDb((db) => rowsOf<{ key: string; state: string; attempts: number }>(db, sql`SELECT key, state, attempts FROM jobs WHERE kind = 'recurring' ORDER BY key COLLATE "C"`));
    expect(jobs).toEqual([...ids].sort().map((id) => ({ key: `recurring:${id}:${month}`, state: 'done', attempts: 1 })));
    for (const n of [a, b]) expect(n.output()).not.toMatch(/recurring deliver(y|ies).*failed/);
  }, 120_000);
});
