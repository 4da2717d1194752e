import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ArtifactInfo } from './versions.table.js';
import { artifactPath, artifactRelativePath } from './artifacts.js';

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

/** Gzips `source` next to `target` (temp file, fsync, rename), so a half-written .gz is never visible. */
async function writeGzipBeside(filesDir: string, source: string, target: string): Promise<void> {
  const tmp = tempPath(filesDir);
  try {
    await pipeline(fs.createReadStream(source), createGzip({ level: 6 }), fs.createWriteStream(tmp, { flags: 'wx' }));
    await fsyncPath(tmp);
    await fsp.rename(tmp, `${target}.gz`);
  } finally {
    await removeQuietly(tmp);
  }
}

async function sameSize(file: string, bytes: number): Promise<boolean> {
  const st = await fsp.stat(file).catch(() => null);
  return st !== null && st.size === bytes;
}

/**
 * Writes a stream into the content-addressed store `<filesDir>/<sha[0:2]>/<sha>.<ext>` plus `<...>.gz`:
 * bytes go to a temp file (hashed on the way), are fsynced, and only then renamed into place.
 * Identical content lands on the same path, so storing it twice is harmless.
 */
export async function storeArtifact(filesDir: string, ext: string, source: Readable): Promise<ArtifactInfo> {
  const tmp = tempPath(filesDir);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, tap, fs.createWriteStream(tmp, { flags: 'wx' }));
    await fsyncPath(tmp);
    const sha256 = hash.digest('hex');
    const target = artifactPath(filesDir, sha256, ext);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    if (!(await sameSize(target, bytes)) || !(await fsp.stat(`${target}.gz`).catch(() => null))) {
      await writeGzipBeside(filesDir, tmp, target);
      await fsp.rename(tmp, target);
      await fsyncPath(path.dirname(target));
    }
    return { sha256, bytes, path: artifactRelativePath(sha256, ext) };
  } finally {
    await removeQuietly(tmp);
  }
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
