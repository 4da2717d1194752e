import fs from 'node:fs';
import type { AppDeps } from '../app-deps.js';
import { rowsTableName } from './rows/rows-table.js';
import { dropRowsTable, replaceRowsTable, tableExists } from './rows/rows-table.sql.js';
import { artifactPath, artifactSpecs, type ArtifactKey } from './artifacts.js';
import { ensureArtifacts } from './build-queue.js';
import { ingestRows } from './publish/ingest.js';
import { dropOrphanTables } from './versions.service.js';
import { allVersions, checkVersions, describeInconsistency, markUnavailableVersions, sha256File, type Inconsistency, type VersionRef } from './version-check.js';

type RepairDeps = Pick<AppDeps, 'db' | 'filesDir' | 'log' | 'workers' | 'artifactBuilds'>;
export type RepairReport = { repaired: string[]; failed: string[]; remaining: Inconsistency[] };

/** Artifacts rows can be read back from, most faithful first (JSON keeps null apart from "" and types apart from text). */
const sourceKeys: ArtifactKey[] = ['ndjson', 'json', 'csv'];

async function verifiedSource(filesDir: string, v: VersionRef): Promise<string | null> {
  for (const key of sourceKeys) {
    const info = v.artifacts[key];
    if (!info) continue;
    const file = artifactPath(filesDir, info.sha256, artifactSpecs[key].ext);
    if (!fs.existsSync(file) || fs.statSync(file).size !== info.bytes) continue;
    if ((await sha256File(file)) === info.sha256) return file;
  }
  return null;
}

/**
 * Rebuilds a version's rows table from one of its stored files (checked against its sha256) through the
 * publish ingest path, into a side table first: the version's table is replaced only if every row came back.
 */
async function rebuildTable(deps: RepairDeps, v: VersionRef): Promise<string> {
  const source = await verifiedSource(deps.filesDir, v);
  if (!source) throw new Error('no stored JSON/NDJSON/CSV file of it matches its recorded sha256');
  const table = rowsTableName(v.datasetPk, v.n);
  const side = `repair_${table}`;
  const { count } = await ingestRows(deps, side, v.schema, source);
  if (count !== v.rowCount) {
    await dropRowsTable(deps.db, side);
    throw new Error(`its file holds ${count} rows, the version says ${v.rowCount}`);
  }
  await replaceRowsTable(deps.db, table, side, v.schema);
  return `${v.dataset} v${v.n}: rows table rebuilt from ${source} (${count} rows)`;
}

/** Removes a file that does not match its record (and its .gz), so the builder writes it again. */
function removeBadFile(p: Extract<Inconsistency, { kind: 'artifact_mismatch' }>) {
  fs.rmSync(p.path, { force: true });
  fs.rmSync(`${p.path}.gz`, { force: true });
}

/**
 * `check --repair`: rows tables from verified files first, then files from rows tables, then orphan tables;
 * finally the unavailable marks are recomputed and everything is checked again.
 */
export async function repairVersions(deps: RepairDeps, problems: Inconsistency[], options: { sha256?: boolean } = {}): Promise<RepairReport> {
  const repaired: string[] = [];
  const failed: string[] = [];
  const byVersion = new Map((await allVersions(deps.db)).map((v) => [`${v.datasetPk}:${v.n}`, v]));
  for (const p of problems) {
    if (p.kind !== 'missing_table' && p.kind !== 'row_count') continue;
    try {
      repaired.push(await rebuildTable(deps, byVersion.get(`${p.datasetPk}:${p.n}`)!));
    } catch (err) {
      failed.push(`${describeInconsistency(p)}: cannot rebuild, ${(err as Error).message}`);
    }
  }
  await markUnavailableVersions(deps.db, deps.log);
  const files = problems.filter((p) => p.kind === 'artifact_missing' || p.kind === 'artifact_mismatch');
  for (const p of files) if (p.kind === 'artifact_mismatch') removeBadFile(p);
  for (const key of new Set(files.map((p) => `${p.datasetPk}:${p.n}`))) {
    const v = byVersion.get(key)!;
    if (!await tableExists(deps.db, rowsTableName(v.datasetPk, v.n))) {
      failed.push(`${v.dataset} v${v.n}: files cannot be rebuilt, its rows table is missing too`);
      continue;
    }
    try {
      await ensureArtifacts(deps, v.datasetPk, v.n);
      repaired.push(`${v.dataset} v${v.n}: files rebuilt from its rows table`);
    } catch (err) {
      failed.push(`${v.dataset} v${v.n}: files cannot be rebuilt, ${(err as Error).message}`);
    }
  }
  if (problems.some((p) => p.kind === 'orphan_table')) {
    const dropped = await dropOrphanTables(deps.db);
    if (dropped.length) repaired.push(`dropped ${dropped.length} table(s) of no version: ${dropped.join(', ')}`);
  }
  return { repaired, failed, remaining: await checkVersions(deps, options) };
}
