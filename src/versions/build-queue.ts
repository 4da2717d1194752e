import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { rowsTableName } from '../records/rows-table.js';
import { versions, type ArtifactInfo } from './versions.table.js';
import { getVersion } from './versions.service.js';
import { artifactKeys, artifactSpecs, type ArtifactKey } from './artifacts.js';
import { artifactWriters } from './artifact-writers/index.js';
import { artifactIsStored, storeArtifact } from './artifact-store.js';
import { readRowBatches } from './row-batches.js';

export type ArtifactRecord = Partial<Record<ArtifactKey, ArtifactInfo>>;
type BuildDeps = Pick<AppDeps, 'db' | 'filesDir'>;

/**
 * Builds in progress, per database: the background builder and on-demand requests share them, so an
 * artifact is never built twice at once.
 */
const inFlight = new WeakMap<object, Map<string, Promise<ArtifactInfo>>>();

function inFlightFor(deps: BuildDeps): Map<string, Promise<ArtifactInfo>> {
  let map = inFlight.get(deps.db);
  if (!map) inFlight.set(deps.db, (map = new Map()));
  return map;
}

const inFlightId = (deps: BuildDeps, datasetPk: number, n: number, key: ArtifactKey) => `${deps.filesDir}|${datasetPk}:${n}:${key}`;

function buildArtifact(deps: BuildDeps, datasetPk: number, n: number, schema: FieldSpec[], key: ArtifactKey): Promise<ArtifactInfo> {
  const builds = inFlightFor(deps);
  const id = inFlightId(deps, datasetPk, n, key);
  const running = builds.get(id);
  if (running) return running;
  const batches = readRowBatches(deps.db.$client, rowsTableName(datasetPk, n), schema);
  // Recorded before it leaves the in-flight map: a concurrent caller finds it either in flight or recorded.
  const build = storeArtifact(deps.filesDir, artifactSpecs[key].ext, artifactWriters[key](batches, schema))
    .then((info) => {
      recordArtifacts(deps, datasetPk, n, { [key]: info });
      return info;
    })
    .finally(() => builds.delete(id));
  builds.set(id, build);
  return build;
}

/** Artifacts in a fixed key order, so the stored JSON does not depend on the order they were built in. */
const ordered = (record: ArtifactRecord): ArtifactRecord =>
  Object.fromEntries(artifactKeys.filter((k) => record[k]).map((k) => [k, record[k]]));

/** Merges freshly built artifacts into the version row (if it is committed yet), in one transaction. */
function recordArtifacts(deps: BuildDeps, datasetPk: number, n: number, built: ArtifactRecord): ArtifactRecord {
  return deps.db.transaction((tx) => {
    const where = and(eq(versions.datasetPk, datasetPk), eq(versions.n, n));
    const row = tx.select({ artifacts: versions.artifacts }).from(versions).where(where).get();
    if (!row) return built;
    const merged = ordered({ ...row.artifacts, ...built });
    tx.update(versions).set({ artifacts: merged as Record<string, ArtifactInfo> }).where(where).run();
    return merged;
  }, { behavior: 'immediate' }); // read-then-write: a deferred transaction would fail at once (SQLITE_BUSY) if another process wrote meanwhile
}

async function isReady(deps: BuildDeps, record: ArtifactRecord, key: ArtifactKey): Promise<boolean> {
  const info = record[key];
  return Boolean(info) && (await artifactIsStored(deps.filesDir, info!, artifactSpecs[key].ext));
}

/**
 * Makes sure the given artifacts of a committed version exist on disk and in its row; builds what is
 * missing (or whose file went missing) and returns the version's whole artifacts record.
 */
export async function ensureArtifacts(deps: BuildDeps, datasetPk: number, n: number, keys: readonly ArtifactKey[] = artifactKeys): Promise<ArtifactRecord> {
  const artifactsNow = () => {
    const version = getVersion(deps.db, datasetPk, n);
    if (!version) throw new Error(`version ${n} of dataset ${datasetPk} does not exist`);
    return version;
  };
  for (const key of keys) {
    // Re-read per key: another caller may have recorded it while we were busy with the previous one.
    const version = artifactsNow();
    if (!inFlightFor(deps).has(inFlightId(deps, datasetPk, n, key)) && (await isReady(deps, version.artifacts as ArtifactRecord, key))) continue;
    if (version.unavailableReason) continue; // no rows table to build from: serve what is stored, build nothing
    await buildArtifact(deps, datasetPk, n, version.schema, key);
  }
  return artifactsNow().artifacts as ArtifactRecord;
}

/** One artifact of a committed version, built on demand if it is not there yet. */
export async function ensureArtifact(deps: BuildDeps, datasetPk: number, n: number, key: ArtifactKey): Promise<ArtifactInfo> {
  const record = await ensureArtifacts(deps, datasetPk, n, [key]);
  if (!(await isReady(deps, record, key))) throw versionUnavailable(deps, datasetPk, n);
  return record[key]!;
}

function versionUnavailable(deps: BuildDeps, datasetPk: number, n: number): ApiError {
  const id = deps.db.$client.prepare('SELECT id FROM datasets WHERE pk = ?').pluck().get(datasetPk) as string;
  return new ApiError(503, 'version_unavailable', `Version ${n} of dataset '${id}' is unavailable: its rows are missing from the database and this file was not stored. The operator can restore it with \`kaifang check --repair\`.`, { dataset: id, version: n });
}

/**
 * Every artifact of a version. For publishing: call it after `writeRowsTable` and before `commitVersion`
 * (pass the schema, since the version row does not exist yet) and hand the result to `commitVersion`.
 * For a committed version it also records the artifacts in the row.
 */
export async function buildVersionArtifacts(deps: BuildDeps, datasetPk: number, n: number, schema?: FieldSpec[]): Promise<Record<ArtifactKey, ArtifactInfo>> {
  if (getVersion(deps.db, datasetPk, n)) return (await ensureArtifacts(deps, datasetPk, n)) as Record<ArtifactKey, ArtifactInfo>;
  if (!schema) throw new Error(`version ${n} of dataset ${datasetPk} is not committed; pass its schema`);
  const record = {} as Record<ArtifactKey, ArtifactInfo>;
  for (const key of artifactKeys) record[key] = await buildArtifact(deps, datasetPk, n, schema, key);
  return record;
}
