import fsp from 'node:fs/promises';
import type { AppDeps } from '../app-deps.js';
import { artifactPath, artifactSpecs } from './artifacts.js';
import { contentDisposition, type DownloadTarget } from './downloads.js';
import type { FileToServe } from './serve-file.js';

const immutable = 'public, max-age=31536000, immutable';

/** The precompressed copy is used only when it exists and is actually smaller (an XLSX is a zip already). */
async function gzipCopy(path: string, identityBytes: number, etag: string) {
  const st = await fsp.stat(`${path}.gz`).catch(() => null);
  return st && st.size < identityBytes ? { path: `${path}.gz`, size: st.size, etag } : null;
}

/** Paths come from the recorded sha256 alone; nothing from the request reaches the file system. */
export async function fileToServe(deps: Pick<AppDeps, 'filesDir'>, target: DownloadTarget): Promise<FileToServe> {
  const spec = artifactSpecs[target.key];
  const path = artifactPath(deps.filesDir, target.info.sha256, spec.ext);
  return {
    identity: { path, size: target.info.bytes, etag: `"${target.info.sha256}"` },
    gzip: await gzipCopy(path, target.info.bytes, `"${target.info.sha256}.gz"`),
    digest: Buffer.from(target.info.sha256, 'hex').toString('base64'),
    headers: {
      'Content-Type': spec.mediaType,
      'Content-Disposition': contentDisposition(target.dataset, target.n, target.key),
      'Cache-Control': immutable,
    },
  };
}
