// npm run bench:records-pg — the records API on PostgreSQL against the same API on SQLite (issue 14: goal >= 60% of
// SQLite's req/s), same machine, same data, same stream of distinct URLs as bench:records (1–2 filters, 5 sorts,
// limit=100; every total recomputed), wrk at 32 connections, warm-up, then BENCH_ROUNDS (default 3) interleaved
// rounds of BENCH_SECONDS (default 5) per side; median (min–max) and p99.
//
// The SQLite side is the bench data directory of bench:records (the whole catalog seeded); the PostgreSQL side is a
// throwaway PostgreSQL 15 cluster (Debian's binaries, as the tests start it) seeded with the same job-postings
// dataset (the rows are generated deterministically, so both sides hold the same rows), served by the compiled
// server with KAIFANG_DATABASE_URL. Both servers answer the first 60 URLs alike before anything is timed.
//
// A third side, "2 nodes": a second PostgreSQL-backed server process on the same database, both loaded at once by
// two wrk processes of 16 connections each (the sum of their req/s), against one node with one wrk of 32.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { closeConnection, openConnection } from '../../src/db/connection.js';
import type { Db } from '../../src/db/client.js';
import { datasetRef } from '../../src/catalog/index.js';
import { latestPublished } from '../../src/versions/index.js';
import { seedCatalog } from '../../src/seed.js';
import { loadCatalog } from '../../datasets/index.js';
import { startPgCluster } from '../../tests/support/pg-cluster.js';
import { queryMix, type Field } from './records-mix.js';
import { assertClean, benchKey, ensureSeededDataDir, fmt, ratios, rounds, startApp, waitForSettledCatalog, wrk, type WrkResult } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const urlCount = Number(process.env.BENCH_URLS ?? 4000);
const connections = 32;
const datasetId = 'job-postings';
const ports = { sqlite: 3121, postgresql: 3122, second: 3123 } as const;
type Side = 'sqlite' | 'postgresql' | 'two nodes';
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

const sqliteDir = await ensureSeededDataDir();
const sqliteSide = await (async () => {
  const { db } = await openDataDir(readEnv({ KAIFANG_DATA_DIR: sqliteDir, KAIFANG_LOG: 'silent' }), silent);
  try {
    const version = (await fetchVersion(db)) as { n: number; schema: string };
    return { secret: await benchKey(db), ...version };
  } finally {
    await closeConnection(db);
  }
})();

async function fetchVersion(db: Db) {
  const ref = (await datasetRef(db, datasetId))!;
  const v = (await latestPublished(db, ref.pk))!;
  return { n: v.n, schema: JSON.stringify(v.schema) };
}

console.log('starting a throwaway PostgreSQL 15 cluster and seeding job-postings into it…');
const cluster = await startPgCluster();
const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-bench-pg-'));
const pgSide = await (async () => {
  const db = await openConnection({ dataDir: pgDir, databaseUrl: cluster.url });
  try {
    const catalog = loadCatalog();
    catalog.datasets = catalog.datasets.filter((d) => d.id === datasetId);
    await seedCatalog(db, () => {}, catalog);
    return { secret: await benchKey(db), ...(await fetchVersion(db)) };
  } finally {
    await closeConnection(db);
  }
})();
if (pgSide.n !== sqliteSide.n) throw new Error(`versions differ: SQLite v${sqliteSide.n}, PostgreSQL v${pgSide.n}`);

const mix = queryMix(JSON.parse(sqliteSide.schema) as Field[], urlCount);
const urlsOn = (port: number) => mix.map((s) => `http://127.0.0.1:${port}/api/v1/datasets/${datasetId}/versions/${sqliteSide.n}/records?${s}`);
const urls = (side: 'sqlite' | 'postgresql') => urlsOn(ports[side]);
const headers = (side: Side) => ({ authorization: `Bearer ${side === 'sqlite' ? sqliteSide.secret : pgSide.secret}` });

const servers = {
  sqlite: await startApp(sqliteDir, ports.sqlite),
  postgresql: await startApp(pgDir, ports.postgresql, { KAIFANG_DATABASE_URL: cluster.url, KAIFANG_SEED_DEMO: '0' }),
  second: await startApp(fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-bench-pg2-')), ports.second, { KAIFANG_DATABASE_URL: cluster.url, KAIFANG_SEED_DEMO: '0' }),
};
try {
  await waitForSettledCatalog(sqliteDir);
  for (let i = 0; i < 60; i++) {
    const [a, b] = await Promise.all((['sqlite', 'postgresql'] as const).map(async (side) => (await fetch(urls(side)[i]!, { headers: headers(side) })).json() as Promise<{ data: unknown; total: unknown; fields: unknown }>));
    if (JSON.stringify([a!.data, a!.total, a!.fields]) !== JSON.stringify([b!.data, b!.total, b!.fields])) throw new Error(`SQLite and PostgreSQL disagree on ${mix[i]}`);
  }
  console.log(`bench:records-pg — wrk, ${connections} connections, ${seconds} s per side per round, ${roundCount} rounds after a warm-up; median (min–max)`);
  console.log(`${mix.length} distinct URLs of ${datasetId} v${sqliteSide.n}: 1–2 filters, 5 sorts, limit=100; the same JSON from both engines (checked)`);
  const sides = ['sqlite', 'postgresql', 'two nodes'] as const;
  const result = await rounds(sides, roundCount, async (side, round): Promise<WrkResult> => {
    const duration = round < 0 ? 3 : seconds;
    if (side !== 'two nodes') {
      const r = await wrk(urls(side), { connections, duration, headers: headers(side) });
      assertClean(side, r);
      return r;
    }
    const both = await Promise.all([ports.postgresql, ports.second].map((port) => wrk(urlsOn(port), { connections: connections / 2, duration, headers: headers(side) })));
    both.forEach((r) => assertClean(side, r));
    return { ...both[0]!, rps: both[0]!.rps + both[1]!.rps, p50: Math.max(both[0]!.p50, both[1]!.p50), p99: Math.max(both[0]!.p99, both[1]!.p99) };
  });
  console.log(`${''.padEnd(14)}${'req/s'.padEnd(24)}${'p50 ms'.padEnd(24)}p99 ms`);
  for (const side of sides) {
    const runs = result[side];
    console.log(`${side.padEnd(14)}${fmt(runs.map((x) => x.rps)).padEnd(24)}${fmt(runs.map((x) => x.p50), 2).padEnd(24)}${fmt(runs.map((x) => x.p99), 2)}`);
  }
  console.log(`postgresql/sqlite req/s, per round: ${fmt(ratios(result.postgresql.map((x) => x.rps), result.sqlite.map((x) => x.rps)), 2, 'x')} (goal >= 0.60x)`);
  console.log(`two nodes/one node (PostgreSQL) req/s, per round: ${fmt(ratios(result['two nodes'].map((x) => x.rps), result.postgresql.map((x) => x.rps)), 2, 'x')} (2 cores: the nodes and PostgreSQL share them)`);
} finally {
  servers.sqlite.kill('SIGTERM');
  servers.postgresql.kill('SIGTERM');
  servers.second.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await cluster.stop();
  fs.rmSync(pgDir, { recursive: true, force: true });
}
