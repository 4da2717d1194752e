import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { listVersions } from './versions.service.js';
import { ensureArtifacts } from './build-queue.js';
import { findDataset, findPublishedVersion, parseVersionNumber } from './downloads.js';
import { getVersion } from './versions.service.js';
import { presentVersion } from './versions.present.js';
import { buildDataPackage } from './datapackage.js';

/** Versions of a dataset, newest first, with what is recorded of their files (null while not built yet). */
export async function listDatasetVersions(deps: Pick<AppDeps, 'db' | 'cursors'>, datasetId: string, page: { limit: number; cursor?: string }) {
  const dataset = await findDataset(deps, datasetId);
  const all = await listVersions(deps.db, dataset.pk);
  const fingerprint = JSON.stringify(['versions', dataset.id]);
  const before = page.cursor ? deps.cursors.decode<number>(page.cursor, fingerprint) : null;
  const rest = before === null ? all : all.filter((v) => v.n < before);
  const data = rest.slice(0, page.limit);
  const last = data.at(-1);
  return {
    data: data.map((v) => presentVersion(dataset.id, v)),
    next_cursor: rest.length > page.limit && last ? deps.cursors.encode(last.n, fingerprint) : null,
    total: all.length,
  };
}

/**
 * One version. Its files are built first if they are not yet (a script pinning a version wants the
 * checksums); withdrawn versions are shown as they are, with their reason.
 */
export async function getDatasetVersion(deps: Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'workers' | 'artifactBuilds'>, datasetId: string, nParam: string) {
  const dataset = await findDataset(deps, datasetId);
  const n = parseVersionNumber(dataset.id, nParam);
  const version = await getVersion(deps.db, dataset.pk, n);
  if (!version) throw new ApiError(404, 'not_found', `Version ${n} of dataset '${dataset.id}' does not exist`);
  if (version.status === 'published') await ensureArtifacts(deps, dataset.pk, n);
  return presentVersion(dataset.id, (await getVersion(deps.db, dataset.pk, n))!);
}

export async function getDataPackage(deps: Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'workers' | 'artifactBuilds'>, datasetId: string, nParam: string, origin: string) {
  const dataset = await findDataset(deps, datasetId);
  const version = await findPublishedVersion(deps, dataset, nParam);
  await ensureArtifacts(deps, dataset.pk, version.n);
  return buildDataPackage(dataset, (await getVersion(deps.db, dataset.pk, version.n))!, origin);
}
