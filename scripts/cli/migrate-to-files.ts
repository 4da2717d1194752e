import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { parseBlobKey, type BlobStore } from '../../src/lib/blobs/blob-store.js';

// The artifacts of `migrate-to`: every blob of the install's files folder (`<sha[0:2]>/<sha>.<ext>` and its `.gz`,
// whichever version or delivery names it) put into the target store, which verifies each put against its key and
// never overwrites one; then each looked up again there: its size, and with `sha256` its bytes hashed.

export type LocalBlob = { key: string; file: string; bytes: number };

/** The blobs of a files folder (temp files of interrupted writes and anything not named like a blob are left out). */
export function listBlobs(filesDir: string): LocalBlob[] {
  if (!fs.existsSync(filesDir)) return [];
  const out: LocalBlob[] = [];
  for (const dir of fs.readdirSync(filesDir).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort()) {
    for (const name of fs.readdirSync(path.join(filesDir, dir)).sort()) {
      const key = `${dir}/${name}`;
      try {
        parseBlobKey(key);
      } catch {
        continue;
      }
      const file = path.join(filesDir, dir, name);
      const stat = fs.statSync(file);
      if (stat.isFile()) out.push({ key, file, bytes: stat.size });
    }
  }
  return out;
}

export type CopyFilesResult = { copied: number; present: number; bytesCopied: number };

/** Puts every blob the target lacks; one already there with the same size is left as it is (a re-run). */
export async function copyBlobs(target: BlobStore, blobs: LocalBlob[], onProgress: (done: number) => void): Promise<CopyFilesResult> {
  const result: CopyFilesResult = { copied: 0, present: 0, bytesCopied: 0 };
  let done = 0;
  for (const blob of blobs) {
    const head = await target.head(blob.key);
    if (head.exists && head.size === blob.bytes) result.present++;
    else {
      const put = await target.putFile(blob.key, blob.file); // verified against the key before it becomes visible
      if (put.created) {
        result.copied++;
        result.bytesCopied += blob.bytes;
      } else result.present++;
    }
    onProgress(++done);
  }
  return result;
}

const sha256Of = async (source: Readable): Promise<string> => {
  const hash = createHash('sha256');
  await pipeline(source, hash);
  return hash.digest('hex');
};

/** Every blob present in the target with its size (and, with `sha256`, the same bytes); one line per problem. */
export async function verifyBlobs(target: BlobStore, blobs: LocalBlob[], options: { sha256: boolean }): Promise<string[]> {
  const problems: string[] = [];
  for (const blob of blobs) {
    const head = await target.head(blob.key);
    if (!head.exists) problems.push(`${target.where(blob.key)} is missing`);
    else if (head.size !== blob.bytes) problems.push(`${target.where(blob.key)} has ${head.size} bytes, the source ${blob.bytes}`);
    else if (options.sha256) {
      const { sha256, gzip } = parseBlobKey(blob.key);
      const expected = gzip ? await sha256Of(fs.createReadStream(blob.file)) : sha256;
      const actual = await sha256Of(await target.read(blob.key));
      if (actual !== expected) problems.push(`${target.where(blob.key)} hashes to ${actual}, expected ${expected}`);
    }
  }
  return problems;
}
