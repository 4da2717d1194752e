import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readEnv } from '../src/env.js';
import { openConnection, closeConnection } from '../src/db/connection.js';
import { execute, rowsOf, type PgDb } from '../src/db/engine.js';
import type { Db } from '../src/db/client.js';
import { seedCatalog } from '../src/seed.js';
import { loadCatalog } from '../datasets/index.js';
import { createPortal } from '../web/portal.js';
import { createFsBlobStore, type BlobStore } from '../src/lib/blobs/index.js';
import type { AppDeps } from '../src/app-deps.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey } from '../src/keys/keys.service.js';
import { createDemandCtx } from '../src/demand/demand.context.js';
import { runRecurringDeliveries } from '../src/demand/demand.recurring.js';
import { claimJob, claimJobByKey, enqueueJob, failJob, finishJob, finishedJobRetentionMs, maxJobAttempts, pruneFinishedJobs } from '../src/versions/cluster-jobs.store.js';
import { ok, order, person, step, type TestApp } from './demand.helpers.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

// Issue 14: background work runs once across nodes sharing one PostgreSQL. Two portals (two nodes, each with its own
// pool and scratch folder) on one database and one files store: a due recurring order is delivered once when both
// run the deliveries at the same moment, a delivery claimed by a node that died is taken over by the other once its
// lease lapses, a missing file asked of both nodes at once is built once and served by both, and a version's search
// index asked of both at once is built once.

const notaries = 'notary-offices'; // justice

type Node = { app: TestApp['app']; db: Db; deps: AppDeps; close: () => Promise<void> };

/** The shared files store, counting the files each build puts (`<sha>.csv`, not its `.gz`). */
function countingStore(root: string): { store: BlobStore; csvPuts: () => number; reset: () => void } {
  const inner = createFsBlobStore(root);
  let puts = 0;
  const store: BlobStore = Object.assign(Object.create(inner) as BlobStore, {
    putFile: async (...args: Parameters<BlobStore['putFile']>) => {
      if (args[0].endsWith('.csv')) puts++;
      return await inner.putFile(...args);
    },
  });
  return { store, csvPuts: () => puts, reset: () => void (puts = 0) };
}

let now = Date.parse('2026-12-07T02:00:00Z');

async function startNode(url: string, files: BlobStore, root: string): Promise<Node> {
  const dataDir = fs.mkdtempSync(path.join(root, 'node-'));
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_USAGE: 'off', KAIFANG_DATABASE_URL: url });
  const db = await openConnection({ dataDir, databaseUrl: env.KAIFANG_DATABASE_URL });
  const filesDir = path.join(dataDir, 'files'); // this node's scratch folder for builds
  fs.mkdirSync(filesDir, { recursive: true });
  const { app, deps, close } = await createPortal({ db, env, filesDir, files, secret: 'test-secret-test-secret', now: () => new Date(now) });
  deps.now = () => new Date(now);
  return { app, db, deps, close: async () => (await close(), await closeConnection(db)) };
}

const asTestApp = (node: Node) => node as unknown as TestApp;
const count = async (db: Db, query: ReturnType<typeof sql>) => (await rowsOf<{ n: number }>(db, query))[0]!.n;

(pgSkipped ? describe.skip : describe)('background work on several nodes sharing PostgreSQL', () => {
  let cluster: PgCluster;
  let root: string;
  let files: ReturnType<typeof countingStore>;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    cluster = await startPgCluster();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-cluster-jobs-'));
    files = countingStore(path.join(root, 'shared-files'));
    const seeding = await openConnection({ dataDir: root, databaseUrl: cluster.url });
    const catalog = loadCatalog();
    catalog.datasets = catalog.datasets.filter((d) => d.id === notaries);
    await seedCatalog(seeding, () => {}, catalog);
    await closeConnection(seeding);
    [a, b] = await Promise.all([startNode(cluster.url, files.store, root), startNode(cluster.url, files.store, root)]);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('builds a missing file asked of both nodes at once once, and both serve the same bytes', async () => {
    files.reset();
    const url = `/api/v1/datasets/${notaries}/versions/1/data.csv`;
    const [fromA, fromB] = await Promise.all([a.app.request(url), b.app.request(url)]);
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    const [bytesA, bytesB] = await Promise.all([fromA.arrayBuffer(), fromB.arrayBuffer()]);
    expect(Buffer.from(bytesA).equals(Buffer.from(bytesB))).toBe(true);
    expect(bytesA.byteLength).toBeGreaterThan(100);
    expect(fromA.headers.get('etag')).toBe(fromB.headers.get('etag'));
    expect(files.csvPuts()).toBe(1);
    // Asked again, neither node builds it again.
    expect((await b.app.request(url)).status).toBe(200);
    expect(files.csvPuts()).toBe(1);
  }, 60_000);

  it("builds a version's search index asked of both nodes at once once, and both then search it", async () => {
    // Counts the builds: each creates its `<rows table>_fts_building` table (a DDL event trigger records it).
    await execute(a.db, sql.raw(`CREATE TABLE test_fts_builds (name text)`));
    await execute(a.db, sql.raw(`CREATE FUNCTION test_count_fts_builds() RETURNS event_trigger LANGUAGE plpgsql AS $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT object_identity FROM pg_event_trigger_ddl_commands() WHERE object_type = 'table' LOOP
          IF r.object_identity LIKE '%fts_building%' THEN INSERT INTO test_fts_builds VALUES (r.object_identity); END IF;
        END LOOP;
      END $$`));
    await execute(a.db, sql.raw(`CREATE EVENT TRIGGER test_count_fts_builds ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION test_count_fts_builds()`));
    const user = await createUser(a.db, { email: 'search@example.cn', password: 'correct horse battery', role: 'user', departmentId: null }, new Date());
    const { secret } = await createKey(a.db, user, 'cluster test', new Date());
    const url = `/api/v1/datasets/${notaries}/versions/1/records?q=${encodeURIComponent('公证')}&limit=5`;
    const ask = (node: Node) => node.app.request(url, { headers: { authorization: `Bearer ${secret}` } });
    const first = await Promise.all([ask(a), ask(b)]);
    expect(first.map((r) => r.status)).toEqual([503, 503]);
    const pages: unknown[] = [];
    for (const node of [a, b]) {
      for (let tries = 0; ; tries++) {
        const res = await ask(node);
        if (res.status === 200) {
          pages.push(await res.json());
          break;
        }
        expect(res.status).toBe(503);
        expect(tries).toBeLessThan(100);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(pages[0]).toEqual(pages[1]);
    expect((pages[0] as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expect(await count(a.db, sql`SELECT COUNT(*)::int AS n FROM test_fts_builds`)).toBe(1);
  }, 60_000);

  describe('a recurring order', () => {
    let id: string;
    const deliveries = async () => await count(a.db, sql`SELECT COUNT(*)::int AS n FROM deliveries WHERE demand_id = ${id}`);
    const notices = async () => await count(a.db, sql`SELECT COUNT(*)::int AS n FROM notifications WHERE demand_id = ${id}`);

    beforeAll(async () => {
      const requester = await person(asTestApp(a), 'publisher', 'transport');
      const provider = await person(asTestApp(b), 'publisher', 'justice');
      const [o] = await order(asTestApp(a), requester, [{ dataset: notaries, fields: ['office_id', 'name'], delivery_mode: 'recurring' }]);
      id = o!.id;
      await ok(step(asTestApp(b), provider, id, 'accept'));
      await ok(step(asTestApp(a), provider, id, 'deliver'));
    }, 60_000);

    it('is delivered once when both nodes run the deliveries at the same moment', async () => {
      const [delivered, noticed] = [await deliveries(), await notices()];
      now = Date.parse('2027-01-07T03:00:00Z');
      const served = await Promise.all([runRecurringDeliveries(createDemandCtx(a.deps)), runRecurringDeliveries(createDemandCtx(b.deps))]);
      expect(served[0] + served[1]).toBe(1);
      expect(await deliveries()).toBe(2 * delivered); // one more delivery, writing as many rows as the first one did
      expect(await notices()).toBe(noticed + 1);
      // Run again this month on either node: nothing more.
      expect(await runRecurringDeliveries(createDemandCtx(a.deps))).toBe(0);
      expect(await runRecurringDeliveries(createDemandCtx(b.deps))).toBe(0);
      expect(await notices()).toBe(noticed + 1);
    }, 60_000);

    it('is delivered by the other node when the node that claimed it died', async () => {
      now = Date.parse('2027-02-08T00:00:00Z');
      const [delivered, noticed] = [await deliveries(), await notices()];
      // Node A claims this month's delivery and dies before doing it (it never finishes nor renews its lease).
      await enqueueJob(a.db as PgDb, 'recurring', `recurring:${id}:2027-02`, JSON.stringify({ id }));
      expect(await claimJob(a.db as PgDb, 'recurring', 800)).toMatchObject({ key: `recurring:${id}:2027-02`, attempts: 1 });
      expect(await runRecurringDeliveries(createDemandCtx(b.deps))).toBe(0); // A's lease still holds
      expect(await notices()).toBe(noticed);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await runRecurringDeliveries(createDemandCtx(b.deps))).toBe(1); // lapsed: B takes it
      expect(await deliveries()).toBeGreaterThan(delivered);
      expect(await notices()).toBe(noticed + 1);
      expect(await runRecurringDeliveries(createDemandCtx(a.deps))).toBe(0);
      expect(await notices()).toBe(noticed + 1);
    }, 60_000);

    it('keeps the jobs table from growing: finished jobs older than the retention go, and a pruned month is not delivered again', async () => {
      const pg = a.db as PgDb;
      const day = 86_400_000;
      // Beside this order's two done months: a job given up after its last attempt, one queued long ago, one done lately.
      await enqueueJob(pg, 'test', 'test:poison');
      for (let i = 0; i < maxJobAttempts; i++) await failJob(pg, (await claimJob(pg, 'test', 60_000))!, new Error('bad input'), 0);
      await enqueueJob(pg, 'test', 'test:waiting');
      expect(await finishJob(pg, (await claimJobByKey(pg, 'test', 'test:recent', 60_000))!)).toBe(true);
      const states = async () => await rowsOf<{ key: string; state: string }>(a.db, sql`SELECT key, state FROM jobs WHERE key LIKE ${`recurring:${id}:%`} OR kind = 'test' ORDER BY key COLLATE "C"`);
      expect(await states()).toEqual([
        { key: `recurring:${id}:2027-01`, state: 'done' },
        { key: `recurring:${id}:2027-02`, state: 'done' },
        { key: 'test:poison', state: 'failed' },
        { key: 'test:recent', state: 'done' },
        { key: 'test:waiting', state: 'queued' },
      ]);
      expect(await pruneFinishedJobs(pg)).toBe(0); // all finished just now
      // Time passes (rows dated back): everything but test:recent was finished, or added, longer ago than the retention.
      const longAgo = Date.now() - finishedJobRetentionMs - day;
      await execute(a.db, sql`UPDATE jobs SET finished_at = ${longAgo} WHERE finished_at IS NOT NULL AND key <> 'test:recent'`);
      await execute(a.db, sql`UPDATE jobs SET created_at = ${longAgo}, run_after = ${longAgo} WHERE key = 'test:waiting'`);
      expect(await pruneFinishedJobs(pg)).toBeGreaterThanOrEqual(3);
      expect(await states()).toEqual([{ key: 'test:recent', state: 'done' }, { key: 'test:waiting', state: 'queued' }]);

      // The done row was not what kept February's delivery from running twice: the delivery it recorded is.
      const noticed = await notices();
      now = Date.parse('2027-02-25T00:00:00Z');
      const served = await Promise.all([runRecurringDeliveries(createDemandCtx(a.deps)), runRecurringDeliveries(createDemandCtx(b.deps))]);
      expect(served).toEqual([0, 0]);
      expect(await notices()).toBe(noticed);
      // March's delivery comes as before, once.
      now = Date.parse('2027-03-09T00:00:00Z');
      const march = await Promise.all([runRecurringDeliveries(createDemandCtx(a.deps)), runRecurringDeliveries(createDemandCtx(b.deps))]);
      expect(march[0] + march[1]).toBe(1);
      expect(await notices()).toBe(noticed + 1);
    }, 60_000);
  });
});

