import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { datasetIdOf } from '../catalog/index.js';
import { rowsTableName } from './rows/rows-table.js';
import { approxRowCount } from './rows/rows-table.sql.js';
import type { ArtifactInfo } from './versions.table.js';
import { getVersion, mergeArtifacts } from './versions.store.js';
import { workerDbOf } from './worker-connection.js';
import { artifactKeys, artifactSpecs, layoutFor, type ArtifactKey } from './artifacts.js';
import { artifactIsStored } from './artifact-store.js';
import { runArtifactsJob, writeTableArtifacts } from './table-artifacts.js';
import { isPg, type PgDb } from '../db/engine.js';
import { claimJobByKey, failJob, finishJob, holdJobLease, type ClaimedJob } from './cluster-jobs.store.js';

export type ArtifactRecord = Partial<Record<ArtifactKey, ArtifactInfo>>;
type BuildDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'workers' | 'artifactBuilds'> & Partial<Pick<AppDeps, 'env' | 'metrics'>>;

/**
 * Builds in progress, one map per app (createApp builds it): the background builder and on-demand requests
 * share it, so an artifact is never built twice at once.
 */
export type ArtifactBuilds = Map<string, Promise<ArtifactInfo>>;
export const createArtifactBuilds = (): ArtifactBuilds => new Map();

const inFlightId = (deps: BuildDeps, datasetPk: number, n: number, key: ArtifactKey) => `${deps.filesDir}|${datasetPk}:${n}:${key}`;

/** From this many rows a version's files are written in version workers (the text files and the workbook in parallel). */
export const workerFromRows = 20_000;

/**
 * Writes `keys` of a version's rows table: on this thread for small versions (yielding between batches), else in
 * workers. Each file in the layout its record names (artifacts.ts `layoutFor`), so a rebuild gives the same bytes.
 */
async function writeArtifacts(deps: BuildDeps, datasetPk: number, n: number, schema: FieldSpec[], keys: ArtifactKey[]): Promise<Partial<Record<ArtifactKey, ArtifactInfo>>> {
  const table = rowsTableName(datasetPk, n);
  const recorded = ((await getVersion(deps.db, datasetPk, n))?.artifacts ?? {}) as ArtifactRecord;
  const layouts = Object.fromEntries(keys.map((k) => [k, layoutFor(k, recorded[k])]));
  const db = workerDbOf(deps);
  if (db === null || await approxRowCount(deps.db, table) < workerFromRows) return writeTableArtifacts(deps.db, deps, table, schema, keys, { yieldEachBatch: true, layouts });
  const groups = [keys.filter((k) => k !== 'xlsx'), keys.filter((k) => k === 'xlsx')].filter((g) => g.length);
  const built = await Promise.all(groups.map((g) => runArtifactsJob(deps, { db, table, schema, keys: g, layouts }).result));
  return Object.assign({}, ...built) as Partial<Record<ArtifactKey, ArtifactInfo>>;
}

/** Builds `keys` together (one pass over the rows), each registered as in flight until it is recorded. */
function buildArtifacts(deps: BuildDeps, datasetPk: number, n: number, schema: FieldSpec[], keys: ArtifactKey[]): Promise<ArtifactInfo>[] {
  const builds = deps.artifactBuilds;
  const running = keys.map((key) => builds.get(inFlightId(deps, datasetPk, n, key)));
  const missing = keys.filter((_, i) => !running[i]);
  if (missing.length === 0) return running as Promise<ArtifactInfo>[];
  // Recorded before it leaves the in-flight map: a concurrent caller finds it either in flight or recorded.
  const started = performance.now();
  const all = writeArtifacts(deps, datasetPk, n, schema, missing).then(async (built) => {
    await recordArtifacts(deps, datasetPk, n, built);
    deps.metrics?.artifactBuildSeconds((performance.now() - started) / 1000, 'built');
    return built;
  }, (err: unknown) => {
    deps.metrics?.artifactBuildSeconds((performance.now() - started) / 1000, 'failed');
    throw err;
  });
  for (const key of missing) {
    const id = inFlightId(deps, datasetPk, n, key);
    const one = all.then((built) => built[key]!).finally(() => builds.delete(id));
    one.catch(() => {}); // the caller awaits it; this keeps a failure of a key nobody awaits from going unhandled
    builds.set(id, one);
  }
  return keys.map((key, i) => running[i] ?? builds.get(inFlightId(deps, datasetPk, n, key))!);
}

/** Artifacts in a fixed key order, so the stored JSON does not depend on the order they were built in. */
export const inKeyOrder = (record: ArtifactRecord): ArtifactRecord =>
  Object.fromEntries(artifactKeys.filter((k) => record[k]).map((k) => [k, record[k]]));

/** Merges freshly built artifacts into the version row (if it is committed yet), in one transaction. */
const recordArtifacts = async (deps: BuildDeps, datasetPk: number, n: number, built: ArtifactRecord): Promise<ArtifactRecord> =>
  await mergeArtifacts(deps.db, datasetPk, n, built, inKeyOrder);

async function isReady(deps: BuildDeps, record: ArtifactRecord, key: ArtifactKey): Promise<boolean> {
  const info = record[key];
  return Boolean(info) && (await artifactIsStored(deps.files, info!, artifactSpecs[key].ext));
}

export type EnsureOptions = {
  /** On PostgreSQL: false leaves the files another node is building to it (the background builder); true waits for them. */
  waitForOtherNodes?: boolean;
};

/**
 * Makes sure the given artifacts of a committed version exist on disk and in its row; builds what is
 * missing (or whose file went missing) and returns the version's whole artifacts record.
 */
export async function ensureArtifacts(deps: BuildDeps, datasetPk: number, n: number, keys: readonly ArtifactKey[] = artifactKeys, options: EnsureOptions = {}): Promise<ArtifactRecord> {
  const artifactsNow = async () => {
    const version = await getVersion(deps.db, datasetPk, n);
    if (!version) throw new Error(`version ${n} of dataset ${datasetPk} does not exist`);
    return version;
  };
  const version = await artifactsNow();
  if (version.unavailableReason) return version.artifacts as ArtifactRecord; // no rows table to build from: serve what is stored
  const wanted: ArtifactKey[] = [];
  for (const key of keys) {
    if (deps.artifactBuilds.has(inFlightId(deps, datasetPk, n, key)) || !(await isReady(deps, version.artifacts as ArtifactRecord, key))) wanted.push(key);
  }
  if (wanted.length && isPg(deps.db)) await buildOnceInCluster(deps, deps.db, datasetPk, n, version.schema, wanted, options);
  else if (wanted.length) await Promise.all(buildArtifacts(deps, datasetPk, n, version.schema, wanted));
  return (await artifactsNow()).artifacts as ArtifactRecord;
}

/** A node's lease on an artifact build, renewed while it runs: another node takes the build over once it lapses. */
export const artifactLeaseMs = 60_000;
/** How often a node waiting for another node's build looks whether the file is there. */
const otherNodePollMs = 100;
const artifactJobKey = (datasetPk: number, n: number, key: ArtifactKey) => `artifacts:${datasetPk}:${n}:${key}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * On PostgreSQL several nodes may want the same missing file at once: each key's build is a job of the cluster's
 * queue, claimed by one node, which builds and records it; the others wait until the version row names a stored
 * file (then serve it), or until the builder's lease lapses or its build fails (then one of them claims it).
 */
async function buildOnceInCluster(deps: BuildDeps, db: PgDb, datasetPk: number, n: number, schema: FieldSpec[], keys: ArtifactKey[], options: EnsureOptions): Promise<void> {
  let left = keys;
  for (;;) {
    const mine: { key: ArtifactKey; job: ClaimedJob | null }[] = [];
    const others: ArtifactKey[] = [];
    for (const key of left) {
      if (deps.artifactBuilds.has(inFlightId(deps, datasetPk, n, key))) mine.push({ key, job: null }); // this node holds its job
      else {
        const job = await claimJobByKey(db, 'artifacts', artifactJobKey(datasetPk, n, key), artifactLeaseMs);
        if (job) mine.push({ key, job });
        else others.push(key);
      }
    }
    if (mine.length) await buildClaimed(deps, db, datasetPk, n, schema, mine);
    if (others.length === 0 || options.waitForOtherNodes === false) return;
    await sleep(otherNodePollMs);
    const record = ((await getVersion(deps.db, datasetPk, n))?.artifacts ?? {}) as ArtifactRecord;
    left = [];
    for (const key of others) if (!(await isReady(deps, record, key))) left.push(key);
    if (left.length === 0) return;
  }
}

async function buildClaimed(deps: BuildDeps, db: PgDb, datasetPk: number, n: number, schema: FieldSpec[], claimed: { key: ArtifactKey; job: ClaimedJob | null }[]): Promise<void> {
  // Another node may have recorded the file between this node's look and its claim: then there is nothing to build.
  const record = ((await getVersion(deps.db, datasetPk, n))?.artifacts ?? {}) as ArtifactRecord;
  const toBuild: typeof claimed = [];
  for (const c of claimed) {
    if (c.job && (await isReady(deps, record, c.key))) await finishJob(db, c.job);
    else toBuild.push(c);
  }
  const leases = toBuild.flatMap((c) => (c.job ? [holdJobLease(db, c.job, artifactLeaseMs)] : []));
  try {
    const results = await Promise.allSettled(buildArtifacts(deps, datasetPk, n, schema, toBuild.map((c) => c.key)));
    for (const [i, c] of toBuild.entries()) {
      if (!c.job) continue;
      const result = results[i]!;
      // A failed build is given back at once: a node still waiting for the file claims it and tries itself.
      if (result.status === 'fulfilled') await finishJob(db, c.job);
      else await failJob(db, c.job, result.reason, 0);
    }
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    for (const lease of leases) lease.stop();
  }
}

/** One artifact of a committed version, built on demand if it is not there yet. */
export async function ensureArtifact(deps: BuildDeps, datasetPk: number, n: number, key: ArtifactKey): Promise<ArtifactInfo> {
  const record = await ensureArtifacts(deps, datasetPk, n, [key]);
  if (!(await isReady(deps, record, key))) throw await versionUnavailable(deps, datasetPk, n);
  return record[key]!;
}

async function versionUnavailable(deps: BuildDeps, datasetPk: number, n: number): Promise<ApiError> {
  const id = await datasetIdOf(deps.db, datasetPk) as string;
  return new ApiError(503, 'version_unavailable', `Version ${n} of dataset '${id}' is unavailable: its rows are missing from the database and this file was not stored. The operator can restore it with \`kaifang check --repair\`.`, { dataset: id, version: n });
}

/**
 * Every artifact of a version. For publishing: call it after `writeRowsTable` and before `commitVersion`
 * (pass the schema, since the version row does not exist yet) and hand the result to `commitVersion`.
 * For a committed version it also records the artifacts in the row.
 */
export async function buildVersionArtifacts(deps: BuildDeps, datasetPk: number, n: number, schema?: FieldSpec[]): Promise<Record<ArtifactKey, ArtifactInfo>> {
  if (await getVersion(deps.db, datasetPk, n)) return (await ensureArtifacts(deps, datasetPk, n)) as Record<ArtifactKey, ArtifactInfo>;
  if (!schema) throw new Error(`version ${n} of dataset ${datasetPk} is not committed; pass its schema`);
  const built = await Promise.all(buildArtifacts(deps, datasetPk, n, schema, [...artifactKeys]));
  return Object.fromEntries(artifactKeys.map((key, i) => [key, built[i]!])) as Record<ArtifactKey, ArtifactInfo>;
}
