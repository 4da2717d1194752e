import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.js';
import { openConnection, closeConnection } from '../src/db/connection.js';
import type { Db } from '../src/db/client.js';
import { seedCatalog } from '../src/seed.js';
import { createPortal } from '../web/portal.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey } from '../src/keys/keys.service.js';
import { pickTestDatasets } from './helpers.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

// Issue 14: the portal on PostgreSQL (KAIFANG_DATABASE_URL) answers the API as the portal on SQLite does, for the same
// seeded catalog: the same JSON for the same requests (catalog, search, details, departments, versions, records with
// filters, sorts and cursors, totals, the demand board, statistics).

type Portal = { fetch: (path: string, init?: RequestInit) => Promise<Response>; db: Db; dataDir: string; close: () => Promise<void>; secret: string };

async function portalOn(databaseUrl?: string): Promise<Portal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-engine-app-'));
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', KAIFANG_USAGE: 'off', ...(databaseUrl ? { KAIFANG_DATABASE_URL: databaseUrl } : {}) });
  const db = await openConnection({ dataDir, databaseUrl: env.KAIFANG_DATABASE_URL });
  const catalog = loadCatalog();
  const ids = new Set(pickTestDatasets(catalog.datasets));
  catalog.datasets = catalog.datasets.filter((d) => ids.has(d.id));
  await seedCatalog(db, () => {}, catalog);
  const filesDir = path.join(dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const { app, close } = await createPortal({ db, env, filesDir, secret: 'test-secret-test-secret', now: () => new Date('2026-11-30T08:00:00Z') });
  const user = await createUser(db, { email: 'dev@example.cn', password: 'correct horse battery', role: 'user', departmentId: null }, new Date());
  const key = await createKey(db, user, 'engine test', new Date());
  return {
    fetch: async (p, init) => app.request(p, init),
    db,
    dataDir,
    secret: key.secret,
    close: async () => {
      await close();
      await closeConnection(db);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a client sees of an answer, without what differs by design between two installs (request ids, key ids). */
async function seen(portal: Portal, p: string): Promise<{ status: number; body: unknown }> {
  const res = await portal.fetch(p, { headers: { authorization: `Bearer ${portal.secret}` } });
  const text = await res.text();
  const body = res.headers.get('content-type')?.includes('json') ? JSON.parse(text.replace(/"request_id":"[^"]*"/g, '"request_id":""')) : text;
  return { status: res.status, body };
}

(pgSkipped ? describe.skip : describe)('the portal on PostgreSQL', () => {
  let cluster: PgCluster;
  let sqlite: Portal;
  let pg: Portal;

  beforeAll(async () => {
    cluster = await startPgCluster();
    [sqlite, pg] = await Promise.all([portalOn(), portalOn(cluster.url)]);
  }, 180_000);
  afterAll(async () => {
    await sqlite?.close();
    await pg?.close();
    await cluster?.stop();
  });

  it('answers the catalog, search and dataset details as on SQLite', async () => {
    const list = (await seen(sqlite, '/api/v1/datasets?limit=50')).body as { data: { id: string }[] };
    expect(list.data.length).toBeGreaterThan(5);
    const paths = [
      '/api/v1/datasets?limit=50', '/api/v1/datasets?q=%E5%85%AC%E4%BA%A4', '/api/v1/datasets?q=%E5%AD%A6%E6%A0%A1', '/api/v1/datasets?sort=-updated&limit=5',
      '/api/v1/departments', '/api/v1/themes', '/api/v1/stats/overview',
      ...list.data.slice(0, 6).flatMap((d) => [`/api/v1/datasets/${d.id}`, `/api/v1/datasets/${d.id}/versions`]),
      '/api/v1/datasets/no-such-dataset',
    ];
    for (const p of paths) {
      const a = await seen(sqlite, p);
      expect(a.status, p).toBe(p.includes('no-such') ? 404 : 200);
      expect(await seen(pg, p), p).toEqual(a);
    }
  });

  it('answers records pages, filters, sorts, totals and cursors as on SQLite', async () => {
    const list = (await seen(sqlite, '/api/v1/datasets?limit=50')).body as { data: { id: string; open_type: string }[] };
    for (const d of list.data.filter((x) => x.open_type === 'open').slice(0, 4)) {
      const first = (await seen(sqlite, `/api/v1/datasets/${d.id}/records?limit=5`)).body as { fields: { name: string; type: string }[]; next_cursor?: string | null };
      const numeric = first.fields.find((f) => f.type === 'integer' || f.type === 'number');
      const text = first.fields.find((f) => f.type === 'string');
      const paths = [
        `/api/v1/datasets/${d.id}/records?limit=5`,
        `/api/v1/datasets/${d.id}/records?limit=7&sort=-${(numeric ?? text)!.name}`,
        ...(numeric ? [`/api/v1/datasets/${d.id}/records?limit=5&${numeric.name}__gt=0&sort=${numeric.name}`] : []),
        ...(text ? [`/api/v1/datasets/${d.id}/records?limit=5&sort=${text.name}`, `/api/v1/datasets/${d.id}/records?limit=5&${text.name}__contains=%E5%B8%82`] : []),
      ];
      for (const p of paths) {
        const a = await seen(sqlite, p);
        expect(a.status, p).toBe(200);
        expect(await seen(pg, p), p).toEqual(a);
        // The next page, by the cursor SQLite gave: cursors are the same on both engines.
        const next = (a.body as { next_cursor?: string | null }).next_cursor;
        if (next) {
          const q = `${p}&cursor=${encodeURIComponent(next)}`;
          expect(await seen(pg, q), q).toEqual(await seen(sqlite, q));
        }
      }
    }
  });

  it('answers the demand board and the statistics as on SQLite', async () => {
    for (const p of ['/api/v1/demands', '/api/v1/stats/departments?from=2026-01-01&to=2026-11-29', '/api/v1/stats/datasets?from=2026-01-01&to=2026-11-29', '/api/v1/stats/series?from=2026-01-01&to=2026-11-29']) {
      const a = await seen(sqlite, p);
      expect(a.status, p).toBe(200);
      expect(await seen(pg, p), p).toEqual(a);
    }
  });
});
