import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { closeDb, migrateDb, openDb } from '../../src/db/client.js';
import type { AnyDb } from '../../src/db/engine.js';
import { closePgDb, migratePgDb, openPgDb } from '../../src/db/pg-client.js';
import { pgSkipped, startPgCluster, type PgCluster } from './pg-cluster.js';

// One behaviour suite, run on both engines: a fresh migrated SQLite file, and a fresh throwaway PostgreSQL cluster
// migrated with the PostgreSQL migrations. The PostgreSQL half fails when PostgreSQL is missing (pg-cluster.ts says
// what to install) and is skipped only with KAIFANG_SKIP_PG=1.

export type EngineName = 'sqlite' | 'postgresql';

export function describeOnEngines(title: string, suite: (db: () => AnyDb, engine: EngineName) => void): void {
  describe(`${title} (SQLite)`, () => {
    let dir = '';
    let db: ReturnType<typeof openDb> | undefined;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-engine-'));
      db = openDb(path.join(dir, 'kaifang.db'));
      migrateDb(db);
    });
    afterAll(() => {
      if (db) closeDb(db);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    suite(() => db!, 'sqlite');
  });
  (pgSkipped ? describe.skip : describe)(`${title} (PostgreSQL)`, () => {
    let cluster: PgCluster | undefined;
    let db: ReturnType<typeof openPgDb> | undefined;
    beforeAll(async () => {
      cluster = await startPgCluster();
      db = openPgDb(cluster.url, { max: 4 });
      await migratePgDb(db);
    }, 60_000);
    afterAll(async () => {
      if (db) await closePgDb(db);
      await cluster?.stop();
    });
    suite(() => db!, 'postgresql');
  });
}
