import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { createGzip, type ZlibOptions } from 'node:zlib';
import type { ArtifactInfo } from './versions.table.js';
import { artifactPath, artifactRelativePath } from './artifacts.js';
import type { ByteSink } from './artifact-writers/index.js';

async function fsyncPath(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const tempPath = (filesDir: string) => path.join(filesDir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);

async function removeQuietly(file: string): Promise<void> {
  await fsp.rm(file, { force: true }).catch(() => {});
}

async function sameSize(file: string, bytes: number): Promise<boolean> {
  const st = await fsp.stat(file).catch(() => null);
  return st !== null && st.size === bytes;
}

/**
 * The `.gz` beside each file is only a transfer encoding (the sha256 and ETag are of the file itself), so its
 * level may trade size for time: on the 210 MB JSON of a million rows, level 6 took 1.6x the CPU of level 4
 * for a file 11% smaller (27 vs 30 MB); level 1 saved another fifth of the time for 15% more bytes.
 */
const gzipLevel = 4;
const buffered = 1 << 20;

export type ArtifactSink = ByteSink & {
  /** Closes both files, fsyncs them and moves them into place (unless identical content is there already). */
  finish(): Promise<ArtifactInfo>;
  /** Removes what was written; for a build that failed. */
  abort(): Promise<void>;
};

const written = (stream: fs.WriteStream | Writable) => new Promise<void>((resolve, reject) => {
  stream.once('finish', resolve).once('error', reject);
});

/**
 * Opens a write into the content-addressed store `<filesDir>/<sha[0:2]>/<sha>.<ext>` plus `<...>.gz`: bytes go
 * to a temp file (hashed on the way) and, at the same time, through gzip into a second temp file; both are
 * fsynced and only then renamed into place. Identical content lands on the same path, so storing it twice is harmless.
 */
export function openArtifactSink(filesDir: string, ext: string, options: { gzipLevel?: number } = {}): ArtifactSink {
  const tmp = tempPath(filesDir);
  const gzTmp = tempPath(filesDir);
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
  const drained = (stream: Writable) => new Promise<void>((resolve) => {
    const done = () => { stream.off('drain', done).off('error', done).off('close', done); resolve(); };
    stream.on('drain', done).on('error', done).on('close', done);
  });
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
        await Promise.all([fsyncPath(tmp), fsyncPath(gzTmp)]);
        const sha256 = hash.digest('hex');
        const target = artifactPath(filesDir, sha256, ext);
        await fsp.mkdir(path.dirname(target), { recursive: true });
        if (!(await sameSize(target, bytes)) || !(await fsp.stat(`${target}.gz`).catch(() => null))) {
          await fsp.rename(gzTmp, `${target}.gz`); // the .gz first: a file in place always has its .gz
          await fsp.rename(tmp, target);
          await fsyncPath(path.dirname(target));
        }
        return { sha256, bytes, path: artifactRelativePath(sha256, ext) };
      } finally {
        await Promise.all([removeQuietly(tmp), removeQuietly(gzTmp)]);
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

/** Writes a stream into the content-addressed store (see `openArtifactSink`). */
export async function storeArtifact(filesDir: string, ext: string, source: Readable): Promise<ArtifactInfo> {
  const sink = openArtifactSink(filesDir, ext);
  try {
    for await (const chunk of source) await sink.write(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (err) {
    await sink.abort();
    throw err;
  }
  return sink.finish();
}

/** True when the identity file of a recorded artifact is present with the recorded size. */
export async function artifactIsStored(filesDir: string, info: ArtifactInfo, ext: string): Promise<boolean> {
  try {
    return await sameSize(artifactPath(filesDir, info.sha256, ext), info.bytes);
  } catch {
    return false;
  }
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
