import type { TestProject } from 'vitest/node';
import { closePgDb, migratePgDb, openPgDb } from '../../src/db/pg-client.js';
import { databaseUrl, migratedTemplate } from './pg-test-database.js';
import { startPgCluster } from './pg-cluster.js';

// globalSetup of the `postgres` vitest project (vitest.config.ts): ONE throwaway PostgreSQL cluster for the whole
// pass, with a database migrated once; every test app clones it (tests/support/pg-test-database.ts). A missing
// PostgreSQL fails the pass (startPgCluster says what to install); only KAIFANG_SKIP_PG=1 leaves the pass out.

declare module 'vitest' {
  interface ProvidedContext {
    /** postgres://… of the pass's cluster (its `postgres` database). */
    kaifangPgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster({ maxConnections: 300 });
  const admin = openPgDb(cluster.url, { max: 1 });
  try {
    await admin.$client.unsafe(`CREATE DATABASE ${migratedTemplate}`);
  } finally {
    await closePgDb(admin);
  }
  const template = openPgDb(databaseUrl(cluster.url, migratedTemplate), { max: 1 });
  try {
    await migratePgDb(template);
  } finally {
    await closePgDb(template);
  }
  project.provide('kaifangPgUrl', cluster.url);
  return async () => await cluster.stop();
}
