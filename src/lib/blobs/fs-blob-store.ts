import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { BlobError, clampRange, parseBlobKey, type BlobHead, type BlobKey, type BlobStore, type PutResult } from './blob-store.js';
import { keyVerifier, verifyStream } from './content-check.js';

async function fsync(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Downloads are read in chunks this large (fewer reads and socket writes than the default 64 KiB). */
const readChunk = 256 * 1024;

const isErrno = (err: unknown, ...codes: string[]) => codes.includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * Puts `from` at `target` unless something is there: link() fails with EEXIST instead of replacing, so a
 * stored blob is never overwritten, even by a racing writer. Where hard links are refused (some network and
 * FAT file systems), a rename after a check: two writers then race only with the same verified bytes.
 */
async function placeOnce(from: string, target: string): Promise<boolean> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  try {
    await fsp.link(from, target);
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    if (!isErrno(err, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS')) throw err;
    if (await fsp.stat(target).catch(() => null)) return false;
    await fsp.rename(from, target);
  }
  await fsync(path.dirname(target));
  return true;
}

/**
 * The files folder of an embedded install, in exactly today's layout (`<filesDir>/<sha[0:2]>/<sha>.<ext>` and
 * `.gz`, temp files `.tmp-<pid>-<hex>` at its top, which startup sweeps after a crash), so an existing install
 * reads unchanged. Writes go to a temp file, are verified and fsynced, then linked into place.
 */
export function createFsBlobStore(filesDir: string): BlobStore {
  const pathOf = (key: BlobKey) => {
    parseBlobKey(key);
    return path.join(filesDir, ...key.split('/'));
  };
  const tempPath = () => path.join(filesDir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`);
  const present = async (key: BlobKey) => (await fsp.stat(pathOf(key)).catch(() => null))?.isFile() ?? false;

  async function placeTemp(key: BlobKey, tmp: string): Promise<PutResult> {
    try {
      await fsync(tmp);
      return { key, created: await placeOnce(tmp, pathOf(key)) };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  return {
    kind: 'fs',

    async putStream(key, source) {
      const target = pathOf(key);
      if (await present(key)) {
        source.destroy();
        return { key, created: false };
      }
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const tmp = tempPath();
      try {
        await pipeline(source, keyVerifier(key), fs.createWriteStream(tmp, { flags: 'wx' }));
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
      return placeTemp(key, tmp);
    },

    async putFile(key, file, options = {}) {
      const target = pathOf(key);
      if (await present(key)) return { key, created: false };
      if (options.handOver) {
        if (!options.hashedWhileWritten) await verifyStream(key, fs.createReadStream(file));
        await fsync(file);
        try {
          const created = await placeOnce(file, target);
          await fsp.rm(file, { force: true });
          return { key, created };
        } catch (err) {
          if (!isErrno(err, 'EXDEV')) throw err; // another file system: copied below
        }
      }
      const tmp = tempPath();
      try {
        await fsp.copyFile(file, tmp, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE);
        await verifyStream(key, fs.createReadStream(tmp)); // the copy is what becomes visible
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
      return placeTemp(key, tmp);
    },

    async head(key): Promise<BlobHead> {
      const st = await fsp.stat(pathOf(key)).catch(() => null);
      return st?.isFile() ? { exists: true, size: st.size } : { exists: false };
    },

    async read(key, range) {
      const fh = await fsp.open(pathOf(key), 'r').catch((err: unknown) => {
        if (isErrno(err, 'ENOENT')) throw new BlobError('not_found', `no blob ${key}`);
        throw err;
      });
      try {
        if (!range) return fh.createReadStream({ highWaterMark: readChunk }); // closes the handle at its end, on error and on destroy
        const { start, end } = clampRange(key, (await fh.stat()).size, range);
        return fh.createReadStream({ start, end, highWaterMark: readChunk });
      } catch (err) {
        await fh.close();
        throw err;
      }
    },

    async delete(key) {
      await fsp.rm(pathOf(key), { force: true });
    },

    where: (key) => pathOf(key),

    close() {},
  };
}
