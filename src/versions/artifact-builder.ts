import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AppDeps } from '../app-deps.js';
import { latestVersionsByPk } from '../catalog/index.js';
import type { ArtifactInfo } from './versions.table.js';
import { availablePublishedVersions } from './versions.store.js';
import { artifactKeys, artifactSpecs } from './artifacts.js';
import { artifactIsStored, removeStaleTempFiles } from './artifact-store.js';
import { ensureArtifacts } from './build-queue.js';
import { awaitingGzip, compressArtifacts } from './artifact-gzip.js';

type BuilderDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'log' | 'workers' | 'artifactBuilds'> & Partial<Pick<AppDeps, 'env'>>;
export type BuilderSummary = { versions: number; built: number; failed: number; bytes: number; seconds: number; stopped: boolean };
export type ArtifactBuilder = { done: Promise<BuilderSummary>; stop: () => void };

type PendingVersion = { datasetPk: number; n: number; artifacts: Record<string, ArtifactInfo> };

/** Published versions, latest versions first (they are the ones people download). */
async function publishedVersions(deps: BuilderDeps): Promise<PendingVersion[]> {
  const latest = await latestVersionsByPk(deps.db);
  // 1 for a dataset's latest version, 0 for an older one, -1 when the dataset has none (as SQL's NULL sorts last).
  const rank = (v: PendingVersion) => {
    const n = latest.get(v.datasetPk);
    return n === undefined || n === null ? -1 : n === v.n ? 1 : 0;
  };
  return (await availablePublishedVersions(deps.db))
    .filter((v) => latest.has(v.datasetPk))
    .sort((a, b) => rank(b) - rank(a) || a.datasetPk - b.datasetPk || b.n - a.n);
}

async function isComplete(deps: BuilderDeps, v: PendingVersion): Promise<boolean> {
  for (const key of artifactKeys) {
    const info = v.artifacts[key];
    if (!info || !(await artifactIsStored(deps.files, info, artifactSpecs[key].ext))) return false;
  }
  return true;
}

/** `.gz` copies a publish had not written when the process stopped (it writes them after its answer). */
async function compressWhereMissing(deps: BuilderDeps, versions: PendingVersion[], isStopped: () => boolean): Promise<void> {
  for (const v of versions) {
    if (isStopped()) return;
    try {
      const written = await compressArtifacts(deps, v.datasetPk, v.n);
      if (written) deps.log.info(`artifacts: ${written} .gz copies of version ${v.n} of dataset #${v.datasetPk} written`);
    } catch (err) {
      if (!isStopped()) deps.log.error(`artifacts: the .gz copies of version ${v.n} of dataset #${v.datasetPk} failed`, err);
    }
  }
}

/**
 * Builds every missing artifact after the server answers, one version at a time and yielding between
 * them, so a first start with a freshly seeded catalog is quick and requests stay responsive. A request
 * for an artifact not built yet builds it on demand; both share the in-flight builds of `ensureArtifacts`.
 */
export function startArtifactBuilder(deps: BuilderDeps, options: { progressEveryMs?: number } = {}): ArtifactBuilder {
  let stopped = false;
  const done = runBuilder(deps, () => stopped, options.progressEveryMs ?? 2000);
  return { done, stop: () => void (stopped = true) };
}

async function runBuilder(deps: BuilderDeps, isStopped: () => boolean, progressEveryMs: number): Promise<BuilderSummary> {
  const started = Date.now();
  await yieldToEventLoop();
  await removeStaleTempFiles(deps.filesDir);
  const all = await publishedVersions(deps);
  const pending: PendingVersion[] = [];
  for (const v of all) if (!(await isComplete(deps, v))) pending.push(v);
  const summary: BuilderSummary = { versions: pending.length, built: 0, failed: 0, bytes: 0, seconds: 0, stopped: false };
  await compressWhereMissing(deps, all.filter((v) => !pending.includes(v) && awaitingGzip(v.artifacts).length), isStopped);
  if (pending.length === 0) {
    deps.log.info(`artifacts: all ${all.length} published versions have their files`);
    return summary;
  }
  deps.log.info(`artifacts: building files of ${pending.length} of ${all.length} versions in the background`);
  let lastLog = Date.now();
  for (const v of pending) {
    if (isStopped()) {
      summary.stopped = true;
      break;
    }
    try {
      // On PostgreSQL each file is built by the node that claims its job; files other nodes are building are left to them.
      const record = await ensureArtifacts(deps, v.datasetPk, v.n, artifactKeys, { waitForOtherNodes: false });
      summary.bytes += Object.values(record).reduce((sum, a) => sum + (a?.bytes ?? 0), 0);
      summary.built++;
    } catch (err) {
      summary.failed++;
      // Shutting down closes the database under a running build; that is not worth an error.
      if (!isStopped()) deps.log.error(`artifacts: building version ${v.n} of dataset #${v.datasetPk} failed`, err);
    }
    if (Date.now() - lastLog >= progressEveryMs) {
      lastLog = Date.now();
      deps.log.info(`artifacts: ${summary.built + summary.failed}/${pending.length} versions (${(summary.bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await yieldToEventLoop();
  }
  summary.seconds = (Date.now() - started) / 1000;
  deps.log.info(
    `artifacts: ${summary.built} versions built (${(summary.bytes / 1e6).toFixed(1)} MB)${summary.failed ? `, ${summary.failed} failed` : ''}${summary.stopped ? ', stopped early' : ''} in ${summary.seconds.toFixed(1)} s`,
  );
  return summary;
}
