import path from 'node:path';
import { blobKey, type BlobKey } from '../lib/blobs/blob-store.js';

/** The four formats a version can be downloaded in (the `{format}` of `data.{format}`). */
export const downloadFormats = ['csv', 'json', 'ndjson', 'xlsx'] as const;
export type DownloadFormat = (typeof downloadFormats)[number];

/**
 * Stored artifacts: one per format, plus `csv_bom`, the spreadsheet-friendly CSV served for `?bom=1`
 * (BOM first, formula-looking cells neutralised). A separate stored file, so its ETag differs.
 */
export const artifactKeys = ['csv', 'csv_bom', 'json', 'ndjson', 'xlsx'] as const;
export type ArtifactKey = (typeof artifactKeys)[number];

/** `precompressed`: a `.gz` is kept beside the file (not for a workbook: a zip already, its gzip copy is no smaller). */
type ArtifactSpec = { format: DownloadFormat; ext: string; mediaType: string; label: string; precompressed: boolean };

export const artifactSpecs: Record<ArtifactKey, ArtifactSpec> = {
  csv: { format: 'csv', ext: 'csv', mediaType: 'text/csv; charset=utf-8; header=present', label: 'CSV', precompressed: true },
  csv_bom: { format: 'csv', ext: 'csv', mediaType: 'text/csv; charset=utf-8; header=present', label: 'CSV (Excel)', precompressed: true },
  json: { format: 'json', ext: 'json', mediaType: 'application/json; charset=utf-8', label: 'JSON', precompressed: true },
  ndjson: { format: 'ndjson', ext: 'ndjson', mediaType: 'application/x-ndjson; charset=utf-8', label: 'NDJSON', precompressed: true },
  xlsx: { format: 'xlsx', ext: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'XLSX', precompressed: false },
};

/** The files whose header depends on the layout: the ones meant for spreadsheets. Programs' files keep field names. */
export const labelledKeys: readonly ArtifactKey[] = ['csv_bom', 'xlsx'];

/** `names`: header of field names (every file built before issue 16); `labels`: the Chinese field labels. */
export type ArtifactLayout = 'names' | 'labels';

/**
 * The layout a file of a version is (re)built in: as recorded, so a file once served keeps its bytes through every
 * rebuild (a record without `layout` predates the labels); a file never recorded, never served, gets the labels.
 */
export function layoutFor(key: ArtifactKey, recorded: { layout?: 'labels' } | undefined): ArtifactLayout {
  if (!labelledKeys.includes(key)) return 'names';
  return recorded && recorded.layout !== 'labels' ? 'names' : 'labels';
}

export const isDownloadFormat = (s: string): s is DownloadFormat => (downloadFormats as readonly string[]).includes(s);

export const artifactKeyFor = (format: DownloadFormat, bom: boolean): ArtifactKey => (format === 'csv' && bom ? 'csv_bom' : format);

/** URL path of an artifact; the `csv_bom` variant is the CSV URL with `?bom=1`. */
export function artifactUrl(datasetId: string, n: number, key: ArtifactKey): string {
  const spec = artifactSpecs[key];
  return `/api/v1/datasets/${encodeURIComponent(datasetId)}/versions/${n}/data.${spec.format}${key === 'csv_bom' ? '?bom=1' : ''}`;
}

const shaPattern = /^[0-9a-f]{64}$/;

/**
 * Where an artifact lives: built only from a sha256 (checked to be 64 hex digits) and a known extension,
 * never from anything in a request, so no path can leave the store.
 */
export function artifactPath(filesDir: string, sha256: string, ext: string): string {
  if (!shaPattern.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  if (!/^[a-z]+$/.test(ext)) throw new Error(`bad artifact extension: ${ext}`);
  return path.join(filesDir, sha256.slice(0, 2), `${sha256}.${ext}`);
}

/** The key of an artifact in the store (the folder or the bucket); checked as `artifactPath` checks. */
export const artifactKey = (sha256: string, ext: string): BlobKey => blobKey(sha256, ext);

/** The relative path recorded in `versions.artifacts` (informational; serving recomputes it from the sha). */
export const artifactRelativePath = (sha256: string, ext: string) => `${sha256.slice(0, 2)}/${sha256}.${ext}`;
