import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { AppDeps } from '../app-deps.js';
import { blobKey, type BlobStore } from '../lib/blobs/blob-store.js';
import { rowsTableName } from './rows/rows-table.js';
import { dropRowsTable, replaceRowsTable, tableExists } from './rows/rows-table.sql.js';
import { artifactSpecs, type ArtifactKey } from './artifacts.js';
import { ensureArtifacts } from './build-queue.js';
import { ingestRows } from './publish/ingest.js';
import { dropOrphanTables } from './versions.service.js';
import { allVersions, checkVersions, describeInconsistency, markUnavailableVersions, type Inconsistency, type VersionRef } from './version-check.js';

type RepairDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'log' | 'workers' | 'artifactBuilds'>;
export type RepairReport = { repaired: string[]; failed: string[]; remaining: Inconsistency[] };

/** Artifacts rows can be read back from, most faithful first (JSON keeps null apart from "" and types apart from text). */
const sourceKeys: ArtifactKey[] = ['ndjson', 'json', 'csv'];

/** A stored blob copied to a local temp file (the ingest reads files), hashed on the way; null when it does not match `sha256`. */
async function localCopy(files: BlobStore, key: string, sha256: string, scratchDir: string): Promise<string | null> {
  const file = path.join(scratchDir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  try {
    const source = await files.read(key);
    source.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(source, fs.createWriteStream(file, { flags: 'wx' }));
    if (hash.digest('hex') === sha256) return file;
  } catch {
    // unreadable: try the next format
  }
  fs.rmSync(file, { force: true });
  return null;
}

async function verifiedSource(deps: RepairDeps, v: VersionRef): Promise<{ file: string; where: string } | null> {
  for (const key of sourceKeys) {
    const info = v.artifacts[key];
    if (!info) continue;
    const blob = blobKey(info.sha256, artifactSpecs[key].ext);
    const head = await deps.files.head(blob);
    if (!head.exists || head.size !== info.bytes) continue;
    const file = await localCopy(deps.files, blob, info.sha256, deps.filesDir);
    if (file) return { file, where: deps.files.where(blob) };
  }
  return null;
}

/**
 * Rebuilds a version's rows table from one of its stored files (checked against its sha256) through the
 * publish ingest path, into a side table first: the version's table is replaced only if every row came back.
 */
async function rebuildTable(deps: RepairDeps, v: VersionRef): Promise<string> {
  const source = await verifiedSource(deps, v);
  if (!source) throw new Error('no stored JSON/NDJSON/CSV file of it matches its recorded sha256');
  const table = rowsTableName(v.datasetPk, v.n);
  const side = `repair_${table}`;
  let count;
  try {
    ({ count } = await ingestRows(deps, side, v.schema, source.file));
  } finally {
    fs.rmSync(source.file, { force: true });
  }
  if (count !== v.rowCount) {
    await dropRowsTable(deps.db, side);
    throw new Error(`its file holds ${count} rows, the version says ${v.rowCount}`);
  }
  await replaceRowsTable(deps.db, table, side, v.schema);
  return `${v.dataset} v${v.n}: rows table rebuilt from ${source.where} (${count} rows)`;
}

/** Removes a file that does not match its record (and its .gz), so the builder writes it again (the store never overwrites). */
async function removeBadFile(files: BlobStore, v: VersionRef, p: Extract<Inconsistency, { kind: 'artifact_mismatch' }>) {
  const info = v.artifacts[p.key]!;
  const ext = artifactSpecs[p.key].ext;
  await Promise.all([files.delete(blobKey(info.sha256, ext)), files.delete(blobKey(info.sha256, ext, 'gzip'))]);
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
  for (const p of files) if (p.kind === 'artifact_mismatch') await removeBadFile(deps.files, byVersion.get(`${p.datasetPk}:${p.n}`)!, p);
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
