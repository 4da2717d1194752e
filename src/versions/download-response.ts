import type { AppDeps } from '../app-deps.js';
import { blobKey, type BlobStore } from '../lib/blobs/blob-store.js';
import { artifactSpecs } from './artifacts.js';
import { contentDisposition, type DownloadTarget } from './downloads.js';
import type { FileToServe } from './serve-file.js';

const immutable = 'public, max-age=31536000, immutable';

/**
 * The precompressed copy is used only when it exists and is actually smaller (an XLSX is a zip already). Its
 * size is recorded with the artifact; records older than that ask the store (a stat, or a HEAD of the bucket).
 */
async function gzipCopy(files: BlobStore, target: DownloadTarget, ext: string) {
  if (!artifactSpecs[target.key].precompressed) return null;
  const { sha256, bytes, gzipBytes } = target.info;
  const key = blobKey(sha256, ext, 'gzip');
  const size = gzipBytes ?? await files.head(key).then((h) => (h.exists ? h.size : null), () => null);
  return size !== null && size < bytes ? { key, size, etag: `"${sha256}.gz"` } : null;
}

/** Keys come from the recorded sha256 alone; nothing from the request reaches the store. */
export async function fileToServe(deps: Pick<AppDeps, 'files'>, target: DownloadTarget): Promise<FileToServe> {
  const spec = artifactSpecs[target.key];
  return {
    identity: { key: blobKey(target.info.sha256, spec.ext), size: target.info.bytes, etag: `"${target.info.sha256}"` },
    gzip: await gzipCopy(deps.files, target, spec.ext),
    digest: Buffer.from(target.info.sha256, 'hex').toString('base64'),
    headers: {
      'Content-Type': spec.mediaType,
      'Content-Disposition': contentDisposition(target.dataset, target.n, target.key),
      'Cache-Control': immutable,
    },
  };
}
