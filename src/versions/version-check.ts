import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { datasetIdsByPk } from '../catalog/index.js';
import type { Logger } from '../lib/context.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { rowsTableName } from './rows/rows-table.js';
import { countRows, tableExists, tablesLike } from './rows/rows-table.sql.js';
import { setUnavailableReason, versionRecords } from './versions.store.js';
import type { ArtifactInfo } from './versions.table.js';
import { artifactSpecs, type ArtifactKey } from './artifacts.js';
import { blobKey, type BlobStore } from '../lib/blobs/blob-store.js';
import { orphanTables } from './versions.service.js';
import { liveLockTables } from './publish-lock.js';

/** One way `versions`, the rows tables and the artifact store disagree. */
export type Inconsistency =
  | { kind: 'missing_table'; dataset: string; datasetPk: number; n: number; table: string }
  | { kind: 'row_count'; dataset: string; datasetPk: number; n: number; table: string; expected: number; actual: number }
  | { kind: 'orphan_table'; table: string }
  /** `path`: where the store keeps it (a file's path, or `s3://bucket/key`). */
  | { kind: 'artifact_missing'; dataset: string; datasetPk: number; n: number; key: ArtifactKey; path: string }
  | { kind: 'artifact_mismatch'; dataset: string; datasetPk: number; n: number; key: ArtifactKey; path: string; detail: string };

export type VersionRef = { datasetPk: number; dataset: string; n: number; rowCount: number; schema: FieldSpec[]; artifacts: Record<string, ArtifactInfo>; unavailableReason: string | null };

/** Every version with its dataset's id, ordered by dataset id, then number. */
export async function allVersions(db: Db): Promise<VersionRef[]> {
  const ids = await datasetIdsByPk(db);
  return (await versionRecords(db))
    .flatMap((v) => {
      const dataset = ids.get(v.datasetPk);
      return dataset === undefined ? [] : [{ ...v, dataset }];
    })
    .sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : a.n - b.n));
}

const missingReason = (table: string) => `its rows table ${table} is missing from the database`;

/**
 * Marks versions whose rows table is missing as unavailable (the records API answers 503 for them) and
 * clears the mark of those whose table is back. Cheap (one lookup per version), so it runs at every start.
 */
export async function markUnavailableVersions(db: Db, log: Logger): Promise<{ marked: string[]; cleared: string[] }> {
  const out = { marked: [] as string[], cleared: [] as string[] };
  const tables = new Set(await tablesLike(db, 'ds_*'));
  const changes = (await allVersions(db)).filter((v) => tables.has(rowsTableName(v.datasetPk, v.n)) === Boolean(v.unavailableReason));
  if (changes.length) {
    await inTransaction(db, async (tx) => {
      for (const v of changes) {
        const table = rowsTableName(v.datasetPk, v.n);
        const reason = await tableExists(tx, table) ? null : missingReason(table); // looked at again inside the transaction
        await setUnavailableReason(tx, v.datasetPk, v.n, reason);
        (reason ? out.marked : out.cleared).push(`${v.dataset} v${v.n}`);
      }
    }, { immediate: true });
  }
  const stillMissing = (await allVersions(db)).filter((v) => v.unavailableReason);
  if (stillMissing.length) {
    log.error(`${stillMissing.length} version(s) unavailable, their rows tables are missing (files are still served; run \`npm run kaifang -- check --repair\`): ${stillMissing.map((v) => `${v.dataset} v${v.n}`).join(', ')}`);
  }
  if (out.cleared.length) log.info(`rows tables are back for ${out.cleared.join(', ')}: available again`);
  return out;
}

export async function sha256Of(source: Readable): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(source, hash);
  return hash.digest('hex');
}

/** Reads a stored blob through the store (the folder or the bucket) and hashes it. */
export const sha256Stored = async (files: BlobStore, key: string): Promise<string> => sha256Of(await files.read(key));

async function checkArtifact(files: BlobStore, v: VersionRef, key: ArtifactKey, info: ArtifactInfo, withSha: boolean): Promise<Inconsistency | null> {
  const blob = blobKey(info.sha256, artifactSpecs[key].ext);
  const where = { dataset: v.dataset, datasetPk: v.datasetPk, n: v.n, key, path: files.where(blob) };
  const head = await files.head(blob);
  if (!head.exists) return { kind: 'artifact_missing', ...where };
  if (head.size !== info.bytes) return { kind: 'artifact_mismatch', ...where, detail: `${head.size} bytes, recorded ${info.bytes}` };
  if (withSha) {
    const sha = await sha256Stored(files, blob);
    if (sha !== info.sha256) return { kind: 'artifact_mismatch', ...where, detail: `sha256 ${sha}, recorded ${info.sha256}` };
  }
  return null;
}

/**
 * Every disagreement between `versions`, the rows tables and the artifact store. Sizes are always compared;
 * `sha256: true` also hashes every file (reads the whole store, so it is opt-in).
 */
export async function checkVersions(deps: { db: Db; files: BlobStore }, options: { sha256?: boolean } = {}): Promise<Inconsistency[]> {
  const { db } = deps;
  const found: Inconsistency[] = [];
  for (const v of await allVersions(db)) {
    const table = rowsTableName(v.datasetPk, v.n);
    const where = { dataset: v.dataset, datasetPk: v.datasetPk, n: v.n, table };
    if (!await tableExists(db, table)) found.push({ kind: 'missing_table', ...where });
    else {
      const actual = await countRows(db, table);
      if (actual !== v.rowCount) found.push({ kind: 'row_count', ...where, expected: v.rowCount, actual });
    }
    for (const [key, info] of Object.entries(v.artifacts)) {
      if (!(key in artifactSpecs)) continue;
      const problem = await checkArtifact(deps.files, v, key as ArtifactKey, info, options.sha256 ?? false);
      if (problem) found.push(problem);
    }
  }
  const busy = await liveLockTables(db); // a publish running right now, in this or another process
  for (const table of await orphanTables(db)) if (!busy.has(table.replace(/_fts$/, ''))) found.push({ kind: 'orphan_table', table });
  return found;
}

export function describeInconsistency(p: Inconsistency): string {
  switch (p.kind) {
    case 'missing_table':
      return `${p.dataset} v${p.n}: rows table ${p.table} is missing`;
    case 'row_count':
      return `${p.dataset} v${p.n}: rows table ${p.table} has ${p.actual} rows, the version says ${p.expected}`;
    case 'orphan_table':
      return `table ${p.table} belongs to no version`;
    case 'artifact_missing':
      return `${p.dataset} v${p.n}: ${p.key} file ${p.path} is missing`;
    case 'artifact_mismatch':
      return `${p.dataset} v${p.n}: ${p.key} file ${p.path} does not match its record (${p.detail})`;
  }
}
