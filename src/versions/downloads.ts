import type { AppDeps } from '../app-deps.js';
import { ApiError, notFound } from '../lib/errors.js';
import { conditionalAccess } from '../keys/index.js';
import { selectDataset, type CatalogRow } from '../catalog/index.js';
import type { ArtifactInfo } from './versions.table.js';
import { getVersion, latestPublished } from './versions.service.js';
import { artifactKeyFor, artifactSpecs, artifactUrl, downloadFormats, isDownloadFormat, type ArtifactKey, type DownloadFormat } from './artifacts.js';
import { ensureArtifact } from './build-queue.js';
import type { RequestConsumer } from '../usage/index.js';
import type { Sent } from './serve-file.js';

/** Who is downloading; the keys issue fills in grants for conditional datasets. */
export type DownloadConsumer = { userId?: string | null; keyId?: string | null; departmentId?: string | null; role?: string | null };

export type DownloadTarget = {
  dataset: CatalogRow;
  n: number;
  key: ArtifactKey;
  info: ArtifactInfo;
};

export function parseFormat(format: string): DownloadFormat {
  if (isDownloadFormat(format)) return format;
  throw new ApiError(404, 'unknown_format', `There is no '${format.slice(0, 40)}' download; formats are ${downloadFormats.join(', ')}.`, {
    allowed: [...downloadFormats],
  });
}

/** Version numbers in paths: anything but a plain positive integer names no version. */
export function parseVersionNumber(datasetId: string, n: string): number {
  if (!/^[1-9]\d{0,8}$/.test(n)) throw new ApiError(404, 'not_found', `Version '${n}' of dataset '${datasetId}' does not exist`);
  return Number(n);
}

export async function findDataset(deps: Pick<AppDeps, 'db'>, datasetId: string): Promise<CatalogRow> {
  const dataset = await selectDataset(deps.db, datasetId);
  if (!dataset) throw notFound('Dataset', datasetId);
  return dataset;
}

/** A published version of the dataset; 404 if there is none with that number, 410 naming the replacement if withdrawn. */
export async function findPublishedVersion(deps: Pick<AppDeps, 'db'>, dataset: CatalogRow, nParam: string) {
  const n = parseVersionNumber(dataset.id, nParam);
  const version = await getVersion(deps.db, dataset.pk, n);
  if (!version) throw new ApiError(404, 'not_found', `Version ${n} of dataset '${dataset.id}' does not exist`);
  if (version.status === 'withdrawn') {
    const replacement = await latestPublished(deps.db, dataset.pk);
    const reason = version.withdrawnReason ? ` (${version.withdrawnReason})` : '';
    const instead = replacement ? `; use version ${replacement.n} instead: /api/v1/datasets/${dataset.id}/versions/${replacement.n}` : '; no other version is published';
    throw new ApiError(410, 'version_withdrawn', `Version ${n} of dataset '${dataset.id}' was withdrawn${reason}${instead}`, {
      withdrawn_reason: version.withdrawnReason ?? null,
      replacement: replacement ? { n: replacement.n, url: `/api/v1/datasets/${dataset.id}/versions/${replacement.n}` } : null,
    });
  }
  return version;
}

/**
 * The one place that decides whether a consumer may download a dataset's files. Open data: everyone.
 * Conditional (有条件开放) data needs a grant, which the keys issue will look up here.
 */
export async function assertDownloadAllowed(deps: Pick<AppDeps, 'db'>, dataset: CatalogRow, consumer: DownloadConsumer): Promise<void> {
  if (dataset.open_type === 'open') return;
  // Whole files only for whole access: a grant limited to some fields is served by the records API (`fields=`).
  const access = await conditionalAccess(deps.db, { pk: dataset.pk, departmentId: dataset.department_id }, consumer, new Date());
  if (access === 'all') return;
  throw new ApiError(403, 'grant_required', access
    ? `Your grant on '${dataset.title_zh}' covers some fields only (${access.join(', ')}); query them through the records API.`
    : `'${dataset.title_zh}' is conditional open data (有条件开放); downloading it needs an approved application (grant).`);
}

/** Resolves `versions/{n}/data.{format}` to a stored artifact, building it first if it is not built yet. */
export async function resolveDownload(
  deps: Pick<AppDeps, 'db' | 'files' | 'filesDir' | 'workers' | 'artifactBuilds'>,
  input: { datasetId: string; n: string; format: string; bom: boolean; consumer: DownloadConsumer },
): Promise<DownloadTarget> {
  const format = parseFormat(input.format);
  if (input.bom && format !== 'csv') throw new ApiError(400, 'invalid_parameter', `bom=1 applies to CSV only, not ${format}`, { errors: [{ field: 'bom', message: 'only for csv' }] });
  const dataset = await findDataset(deps, input.datasetId);
  const version = await findPublishedVersion(deps, dataset, input.n);
  await assertDownloadAllowed(deps, dataset, input.consumer);
  const key = artifactKeyFor(format, input.bom);
  const info = await ensureArtifact(deps, dataset.pk, version.n, key);
  return { dataset, n: version.n, key, info };
}

/** Where `data.{format}` of the latest published version lives. */
export async function latestDownloadUrl(deps: Pick<AppDeps, 'db'>, input: { datasetId: string; format: string; bom: boolean }): Promise<string> {
  const format = parseFormat(input.format);
  if (input.bom && format !== 'csv') throw new ApiError(400, 'invalid_parameter', `bom=1 applies to CSV only, not ${format}`, { errors: [{ field: 'bom', message: 'only for csv' }] });
  const dataset = await findDataset(deps, input.datasetId);
  const latest = await latestPublished(deps.db, dataset.pk);
  if (!latest) throw new ApiError(404, 'not_found', `Dataset '${dataset.id}' has no published version`);
  return artifactUrl(dataset.id, latest.n, artifactKeyFor(format, input.bom));
}

const unsafeInFilename = /[\\/:*?"<>|\u0000-\u001f]/g;

/** RFC 6266 + RFC 5987: an ASCII fallback and the Chinese title with the version, percent-encoded UTF-8. */
export function contentDisposition(dataset: Pick<CatalogRow, 'id' | 'title_zh'>, n: number, key: ArtifactKey): string {
  const ext = artifactSpecs[key].ext;
  const fallback = `${dataset.id.replace(/[^A-Za-z0-9._-]/g, '_')}_v${n}.${ext}`;
  const title = dataset.title_zh.replace(unsafeInFilename, '_');
  const encoded = encodeURIComponent(`${title}_v${n}.${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A range this long from byte 0 is the start of a real download, even of a larger file (a download manager's first part). */
export const countedRangeBytes = 1024 * 1024;

/**
 * A download counts (DESIGN section 6) when a GET is answered 200, or 206 for a range that starts at
 * byte 0 and covers the whole file or at least 1 MiB. Shorter ranges (a one-byte `bytes=0-0` probe, a
 * player sniffing a header) are no download, so they cannot inflate the figures. HEAD and 304 never count.
 */
export function countsAsDownload(method: string, status: number, contentRange: string | null): boolean {
  if (method !== 'GET') return false;
  if (status === 200) return true;
  if (status !== 206 || contentRange === null) return false;
  const range = /^bytes 0-(\d+)\/(\d+)$/.exec(contentRange);
  if (!range) return false;
  const sent = Number(range[1]) + 1;
  return sent === Number(range[2]) || sent >= countedRangeBytes;
}

/**
 * Hands a served download to the usage recorder when it counts (see countsAsDownload); the recorder
 * applies the consumer, robot and double-click rules. `sent` is what this response sends, or, for a redirect to
 * the bucket, what the bucket will send: such a download is counted at the redirect.
 */
export function recordDownload(
  deps: Pick<AppDeps, 'usage'>,
  target: DownloadTarget,
  request: { method: string; consumer: RequestConsumer; startedMs: number },
  sent: Sent,
): void {
  if (!countsAsDownload(request.method, sent.status, sent.contentRange)) return;
  const { consumer } = request;
  deps.usage.record({
    kind: 'download',
    datasetPk: target.dataset.pk,
    version: target.n,
    format: target.key,
    ownerDepartmentId: target.dataset.department_id,
    consumerDepartmentId: consumer.consumerDepartmentId,
    userId: consumer.userId,
    keyId: consumer.keyId,
    ip: consumer.ip,
    userAgent: consumer.userAgent,
    status: sent.status,
    bytes: sent.bytes || null,
    ms: performance.now() - request.startedMs,
  });
}
