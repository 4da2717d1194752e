import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { AppDeps } from '../app-deps.js';
import { blobKey } from '../lib/blobs/blob-store.js';
import type { ArtifactInfo } from './versions.table.js';
import { artifactKeys, artifactSpecs } from './artifacts.js';
import { gzipLevel } from './artifact-store.js';
import { getVersion, mergeArtifacts } from './versions.store.js';
import { inKeyOrder, type ArtifactRecord } from './build-queue.js';

type GzipDeps = Pick<AppDeps, 'db' | 'files' | 'filesDir'>;

/** The keys of a record whose `.gz` is due (kept beside the file) and not recorded yet. */
export const awaitingGzip = (record: ArtifactRecord) => artifactKeys.filter((k) => artifactSpecs[k].precompressed && record[k] && record[k].gzipBytes === undefined);

/**
 * Stores the `.gz` copy of a stored file: read from the store, hashed on the way (it must still be the file its
 * key names), compressed in zlib's threads into a temp file, then put beside it. This thread only moves chunks.
 */
async function gzipStored(deps: GzipDeps, info: ArtifactInfo, ext: string): Promise<number> {
  const gzKey = blobKey(info.sha256, ext, 'gzip');
  const stored = await deps.files.head(gzKey);
  if (stored.exists) return stored.size;
  const tmp = path.join(deps.filesDir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  const hashing = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
  try {
    await pipeline(await deps.files.read(blobKey(info.sha256, ext)), hashing, createGzip({ level: gzipLevel }), fs.createWriteStream(tmp, { flags: 'wx' }));
    if (hash.digest('hex') !== info.sha256) throw new Error(`${deps.files.where(blobKey(info.sha256, ext))} does not hash to its name: not compressed`);
    const bytes = (await fsp.stat(tmp)).size;
    await deps.files.putFile(gzKey, tmp, { handOver: true, hashedWhileWritten: true, contentType: 'application/gzip' });
    return bytes;
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => {});
  }
}

/**
 * Writes the missing `.gz` copies of a version's files (a publish leaves them for after its answer) and records their
 * sizes. Until then a download is served as stored, uncompressed. Returns how many copies it recorded.
 */
export async function compressArtifacts(deps: GzipDeps, datasetPk: number, n: number): Promise<number> {
  const record = ((await getVersion(deps.db, datasetPk, n))?.artifacts ?? {}) as ArtifactRecord;
  const done: ArtifactRecord = {};
  for (const key of awaitingGzip(record)) {
    const info = record[key]!;
    done[key] = { ...info, gzipBytes: await gzipStored(deps, info, artifactSpecs[key].ext) };
  }
  if (Object.keys(done).length === 0) return 0;
  // A file rebuilt meanwhile is the same bytes (content-addressed): its record keeps the size found here.
  await mergeArtifacts(deps.db, datasetPk, n, done, inKeyOrder);
  return Object.keys(done).length;
}
