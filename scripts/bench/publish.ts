// npm run bench:publish — publishes a generated 100,000-row x 10-column CSV through the real code path,
// beside the sqlite3 CLI's `.import` of the same file into a fresh table, in the same script.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv } from '../../src/env.js';
import { openDb, migrateDb } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { seedCatalog } from '../../src/catalog/seed.js';
import { loadCatalog } from '../../datasets/index.js';
import { createDataset } from '../../src/catalog/catalog.write.js';
import { publishVersion } from '../../src/versions/publish/publish.service.js';
import { ingestRows } from '../../src/versions/publish/ingest.js';
import { companyDataset, companyFields as fields, writeCompanyCsv } from '../../src/versions/publish/publish.fixtures.js';

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function ensureSqliteCli() {
  try { execFileSync('sqlite3', ['-version']); } catch {
    execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3'], { stdio: 'inherit' });
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-bench-publish-'));
try {
  ensureSqliteCli();
  const csv = path.join(dir, 'companies.csv');
  writeCompanyCsv(csv, rows);
  const mb = fs.statSync(csv).size / 1e6;

  // Floor: sqlite3 .import into a fresh table (no validation, text affinity), median of 3 runs.
  const floorDb = path.join(dir, 'floor.db');
  const floorRuns = [0, 1, 2].map(() => {
    fs.rmSync(floorDb, { force: true });
    const t0 = performance.now();
    execFileSync('sqlite3', [floorDb, '-cmd', '.mode csv', `.import ${csv} companies`]);
    return (performance.now() - t0) / 1000;
  });
  const floorS = median(floorRuns);

  const env = readEnv({ KAIFANG_DATA_DIR: dir, KAIFANG_LOG: 'silent' });
  const db = openDb(path.join(dir, 'kaifang.db'));
  migrateDb(db);
  const catalog = loadCatalog();
  seedCatalog(db, () => {}, { ...catalog, datasets: [] });
  const { deps } = createApp({ db, env, filesDir: path.join(dir, 'files'), secret: 'bench-secret-bench-secret' });
  fs.mkdirSync(deps.filesDir, { recursive: true });
  const admin = { id: 'bench', role: 'admin', departmentId: null };
  const [dept, theme] = [catalog.departments[0]!.id, catalog.themes[0]!.id];
  createDataset(deps, admin, companyDataset('bench-publish', dept, theme));

  // Validation + typed insert alone (the part comparable to .import). The first run in a process also
  // starts the validation worker and compiles the code; a server does that once, so warm runs are the figure.
  const ingestRuns: number[] = [];
  let ingested = 0;
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    ingested = (await ingestRows(db, `ds_bench_ingest_${i}`, fields, csv)).count;
    ingestRuns.push((performance.now() - t0) / 1000);
    db.$client.exec(`DROP TABLE ds_bench_ingest_${i}`);
  }
  const [coldS, ...warmRuns] = ingestRuns as [number, ...number[]];
  const ingestS = median(warmRuns);

  // The whole publish: validation, typed table, CSV/BOM-CSV/JSON/NDJSON/XLSX artifacts (+gz), diff, commit, reindex.
  const t0 = performance.now();
  const v = await publishVersion(deps, { datasetId: 'bench-publish', filePath: csv, changeNote: 'bench', publishedBy: null });
  const publishS = (performance.now() - t0) / 1000;
  db.$client.close();

  const floorRps = rows / floorS;
  const pct = (s: number) => `${(((ingested / s) / floorRps) * 100).toFixed(0)}% of the floor`;
  const runs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
  console.log(`bench:publish — ${rows} rows x ${fields.length} columns, ${mb.toFixed(1)} MB CSV`);
  console.log(`floor  sqlite3 .import                 ${floorS.toFixed(2)} s  ${floorRps.toFixed(0)} rows/s  (median of ${runs(floorRuns)} s)`);
  console.log(`kaifang validate + typed insert, warm  ${ingestS.toFixed(2)} s  ${(ingested / ingestS).toFixed(0)} rows/s  = ${pct(ingestS)} (goal >= 50%; median of ${runs(warmRuns)} s)`);
  console.log(`kaifang validate + typed insert, first ${coldS.toFixed(2)} s  ${(ingested / coldS).toFixed(0)} rows/s  = ${pct(coldS)} (worker start and cold code included)`);
  console.log(`kaifang whole publish (v${v.n}, ${Object.keys(v.artifacts).length} artifacts) ${publishS.toFixed(2)} s (goal < 10 s)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
