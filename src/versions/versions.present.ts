import type { AppDeps } from '../app-deps.js';
import { datasetPkOf } from '../catalog/index.js';
import type { ArtifactInfo } from './versions.table.js';
import type { getVersion } from './versions.service.js';
import { getVersion as selectVersion } from './versions.service.js';
import { artifactKeys, artifactSpecs, artifactUrl, type ArtifactKey, type DownloadFormat } from './artifacts.js';

type VersionRow = NonNullable<Awaited<ReturnType<typeof getVersion>>>;

/** One downloadable file of a version; bytes and sha256 are null while it has not been built yet. */
export type VersionFile = {
  key: ArtifactKey;
  format: DownloadFormat;
  label: string;
  media_type: string;
  url: string;
  bytes: number | null;
  sha256: string | null;
};

export function presentFiles(datasetId: string, n: number, artifacts: Record<string, ArtifactInfo>): VersionFile[] {
  return artifactKeys.map((key) => {
    const spec = artifactSpecs[key];
    const info = artifacts[key];
    return {
      key,
      format: spec.format,
      label: spec.label,
      media_type: spec.mediaType,
      url: artifactUrl(datasetId, n, key),
      bytes: info?.bytes ?? null,
      sha256: info?.sha256 ?? null,
    };
  });
}

/** For pages: the files of a version as recorded now (never builds); null if there is no such version. */
export async function versionFiles(deps: Pick<AppDeps, 'db'>, datasetId: string, n: number): Promise<VersionFile[] | null> {
  const pk = await datasetPkOf(deps.db, datasetId);
  const version = pk !== undefined && await selectVersion(deps.db, pk, n);
  return version ? presentFiles(datasetId, n, version.artifacts) : null;
}

const versionUrl = (datasetId: string, n: number) => `/api/v1/datasets/${encodeURIComponent(datasetId)}/versions/${n}`;

/** The short form listed in a dataset's metadata. */
export function presentVersionSummary(datasetId: string, v: VersionRow) {
  return {
    n: v.n,
    status: v.status,
    published_at: v.publishedAt,
    row_count: v.rowCount,
    change_note: v.changeNote,
    diff: v.diff ?? null,
    url: versionUrl(datasetId, v.n),
  };
}

export function presentVersion(datasetId: string, v: VersionRow) {
  const base = versionUrl(datasetId, v.n);
  return {
    ...presentVersionSummary(datasetId, v),
    withdrawn_at: v.withdrawnAt ?? null,
    withdrawn_reason: v.withdrawnReason ?? null,
    unavailable_reason: v.unavailableReason ?? null,
    schema: v.schema,
    artifacts: presentFiles(datasetId, v.n, v.artifacts),
    datapackage_url: `${base}/datapackage.json`,
    html_url: `/datasets/${encodeURIComponent(datasetId)}/versions/${v.n}`,
  };
}
