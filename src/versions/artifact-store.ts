import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { createGzip, type ZlibOptions } from 'node:zlib';
import type { AppDeps } from '../app-deps.js';
import { blobKey, type BlobStore } from '../lib/blobs/blob-store.js';
import type { ArtifactInfo } from './versions.table.js';
import { artifactRelativePath } from './artifacts.js';
import type { ByteSink } from './artifact-writers/index.js';

/** Where artifacts go: written as temp files in the files folder (a scratch area with a bucket), then put into the store. */
export type ArtifactTarget = Pick<AppDeps, 'files' | 'filesDir'>;

const tempPath = (filesDir: string) => path.join(filesDir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);

async function removeQuietly(file: string): Promise<void> {
  await fsp.rm(file, { force: true }).catch(() => {});
}

/**
 * The `.gz` beside each file is only a transfer encoding (the sha256 and ETag are of the file itself), so its
 * level may trade size for time: on the 210 MB JSON of a million rows, level 6 took 1.6x the CPU of level 4
 * for a file 11% smaller (27 vs 30 MB); level 1 saved another fifth of the time for 15% more bytes.
 */
export const gzipLevel = 4;
const buffered = 1 << 20;

/**
 * An artifact written to its two local temp files (the file and its gzip copy), named by the sha256 of the bytes
 * hashed on their way to the disk. Plain data, so a worker can hand it to the thread that stores it.
 */
export type FinishedArtifact = { sha256: string; bytes: number; ext: string; file: string; gzFile: string | null; gzBytes: number };

export type ArtifactSink = ByteSink & {
  /** Closes both temp files; `putFinishedArtifact` then stores them (or `discardFinished` removes them). */
  finish(): Promise<FinishedArtifact>;
  /** Removes what was written; for a build that failed. */
  abort(): Promise<void>;
};

/** Resolves at the stream's next drain (or its end), leaving no listener behind: a big file waits thousands of times. */
const drained = (stream: Writable) => new Promise<void>((resolve) => {
  const done = () => { stream.off('drain', done).off('error', done).off('close', done); resolve(); };
  stream.on('drain', done).on('error', done).on('close', done);
});

const written = (stream: fs.WriteStream | Writable) => new Promise<void>((resolve, reject) => {
  stream.once('finish', resolve).once('error', reject);
});

/**
 * Opens a write of one artifact: bytes go to a temp file in `scratchDir` (hashed on the way) and, at the same
 * time, through gzip into a second temp file (`gzip: false`: none, for a format that is compressed already).
 * Nothing is in the store until `putFinishedArtifact`.
 */
export function openArtifactSink(scratchDir: string, ext: string, options: { gzipLevel?: number; gzip?: boolean } = {}): ArtifactSink {
  if (options.gzip === false) return plainSink(scratchDir, ext);
  const tmp = tempPath(scratchDir);
  const gzTmp = tempPath(scratchDir);
  const hash = createHash('sha256');
  let bytes = 0;
  let failure: Error | null = null;
  const fail = (err: Error) => { failure ??= err; };
  // Deep buffers: the writer encodes its next batch while zlib (in libuv's threads) and the disk take the last one.
  const file = fs.createWriteStream(tmp, { flags: 'wx', highWaterMark: buffered }).on('error', fail);
  const gzFile = fs.createWriteStream(gzTmp, { flags: 'wx', highWaterMark: buffered }).on('error', fail);
  const gzip = createGzip({ level: options.gzipLevel ?? gzipLevel, highWaterMark: buffered, chunkSize: 1 << 16 } as ZlibOptions).on('error', fail);
  gzip.pipe(gzFile);
  const fileDone = written(file);
  const gzDone = written(gzFile);
  fileDone.catch(() => {});
  gzDone.catch(() => {});
  return {
    async write(chunk: Buffer) {
      if (failure) throw failure;
      hash.update(chunk);
      bytes += chunk.length;
      const waits: Promise<void>[] = [];
      if (!file.write(chunk)) waits.push(drained(file));
      if (!gzip.write(chunk)) waits.push(drained(gzip)); // listened to at once: it may drain while the file does
      await Promise.all(waits);
      if (failure) throw failure;
    },
    async finish() {
      try {
        file.end();
        gzip.end();
        await Promise.all([fileDone, gzDone]);
        if (failure) throw failure;
        return { sha256: hash.digest('hex'), bytes, ext, file: tmp, gzFile: gzTmp, gzBytes: gzFile.bytesWritten };
      } catch (err) {
        await Promise.all([removeQuietly(tmp), removeQuietly(gzTmp)]);
        throw err;
      }
    },
    async abort() {
      file.destroy();
      gzip.destroy();
      gzFile.destroy();
      await Promise.all([removeQuietly(tmp), removeQuietly(gzTmp)]);
    },
  };
}

/** The file alone, hashed on its way to the disk: for a workbook, whose gzip copy would be no smaller (78 vs 77 MB). */
function plainSink(scratchDir: string, ext: string): ArtifactSink {
  const tmp = tempPath(scratchDir);
  const hash = createHash('sha256');
  let bytes = 0;
  let failure: Error | null = null;
  const file = fs.createWriteStream(tmp, { flags: 'wx', highWaterMark: buffered }).on('error', (err: Error) => { failure ??= err; });
  const fileDone = written(file);
  fileDone.catch(() => {});
  return {
    async write(chunk: Buffer) {
      if (failure) throw failure;
      hash.update(chunk);
      bytes += chunk.length;
      if (!file.write(chunk)) await drained(file);
      if (failure) throw failure;
    },
    async finish() {
      try {
        file.end();
        await fileDone;
        if (failure) throw failure;
        return { sha256: hash.digest('hex'), bytes, ext, file: tmp, gzFile: null, gzBytes: 0 };
      } catch (err) {
        await removeQuietly(tmp);
        throw err;
      }
    },
    async abort() {
      file.destroy();
      await removeQuietly(tmp);
    },
  };
}

/**
 * Puts a finished artifact into the store, the `.gz` first (a file in the store has its `.gz` when it was written), and
 * removes its temp files. The store never overwrites a key; a stored file of another size than this one (a
 * damaged copy) is deleted first, so a rebuild repairs it. Returns what a version records.
 */
export async function putFinishedArtifact(files: BlobStore, finished: FinishedArtifact): Promise<ArtifactInfo> {
  const { sha256, bytes, ext } = finished;
  const key = blobKey(sha256, ext);
  const gzKey = blobKey(sha256, ext, 'gzip');
  try {
    const stored = await files.head(key);
    if (stored.exists && stored.size !== bytes) await Promise.all([files.delete(key), files.delete(gzKey)]);
    const hashed = { handOver: true, hashedWhileWritten: true };
    if (finished.gzFile === null) {
      await files.putFile(key, finished.file, hashed);
      return { sha256, bytes, path: artifactRelativePath(sha256, ext) };
    }
    const gz = await files.putFile(gzKey, finished.gzFile, { ...hashed, contentType: 'application/gzip' });
    // A .gz stored before (by an earlier build, maybe another zlib) may differ in size from this one: record the stored one.
    const storedGz = gz.created ? null : await files.head(gzKey);
    const gzipBytes = storedGz?.exists ? storedGz.size : finished.gzBytes;
    await files.putFile(key, finished.file, hashed);
    return { sha256, bytes, path: artifactRelativePath(sha256, ext), gzipBytes };
  } finally {
    await discardFinished([finished]);
  }
}

/** Removes the temp files of finished artifacts (stored or not). */
export async function discardFinished(finished: FinishedArtifact[]): Promise<void> {
  await Promise.all(finished.flatMap((f) => [removeQuietly(f.file), ...(f.gzFile === null ? [] : [removeQuietly(f.gzFile)])]));
}

/** Writes a stream into the artifact store (see `openArtifactSink` and `putFinishedArtifact`). */
export async function storeArtifact(target: ArtifactTarget, ext: string, source: Readable): Promise<ArtifactInfo> {
  const sink = openArtifactSink(target.filesDir, ext);
  try {
    for await (const chunk of source) await sink.write(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (err) {
    await sink.abort();
    throw err;
  }
  return putFinishedArtifact(target.files, await sink.finish());
}

/** True when the identity file of a recorded artifact is stored with the recorded size. */
export async function artifactIsStored(files: BlobStore, info: ArtifactInfo, ext: string): Promise<boolean> {
  let key;
  try {
    key = blobKey(info.sha256, ext);
  } catch {
    return false; // a damaged record: built again
  }
  const head = await files.head(key); // a bucket that cannot answer is an error, not a reason to rebuild
  return head.exists && head.size === info.bytes;
}

/** Temp files older than a day are leftovers of a crash mid-write. */
export async function removeStaleTempFiles(filesDir: string, now = Date.now()): Promise<number> {
  const names = await fsp.readdir(filesDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith('.tmp-'))) {
    const st = await fsp.stat(path.join(filesDir, name)).catch(() => null);
    if (st && now - st.mtimeMs > 86_400_000) {
      await removeQuietly(path.join(filesDir, name));
      removed++;
    }
  }
  return removed;
}
