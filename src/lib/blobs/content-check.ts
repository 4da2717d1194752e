import { createHash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BlobError, parseBlobKey, type BlobKey } from './blob-store.js';

type ContentHasher = { update(chunk: Buffer): Promise<void>; digest(): Promise<string> };

function identityHasher(): ContentHasher {
  const hash = createHash('sha256');
  return {
    async update(chunk) {
      hash.update(chunk);
    },
    async digest() {
      return hash.digest('hex');
    },
  };
}

/** The key of a `.gz` is the sha256 of what it decompresses to, so that is what gets hashed. */
function gunzipHasher(): ContentHasher {
  const hash = createHash('sha256');
  const gunzip = createGunzip();
  gunzip.on('data', (chunk: Buffer) => hash.update(chunk));
  // zlib reports bad data as an error event and then never calls back the write it was given.
  const failed = new Promise<never>((_, reject) => gunzip.once('error', reject));
  failed.catch(() => {});
  const ended = new Promise<void>((resolve) => gunzip.once('end', resolve));
  let given = 0;
  return {
    update(chunk) {
      given += chunk.length;
      // The write callback runs once zlib has taken the chunk: backpressure without buffering a whole file.
      const taken = new Promise<void>((resolve, reject) => gunzip.write(chunk, (err) => (err ? reject(err) : resolve())));
      return Promise.race([taken, failed]);
    },
    async digest() {
      if (given === 0) throw new Error('empty'); // zlib would end quietly, as if it held an empty file
      gunzip.end();
      await Promise.race([ended, failed]);
      return hash.digest('hex');
    },
  };
}

/**
 * A pass-through that hashes what flows through it and, at the end, errors instead of ending when the content
 * does not match `key`. Whatever it feeds (a temp file, a multipart upload) thus never sees a clean end of a
 * wrong blob, and the writer can throw it away before it becomes visible.
 */
export function keyVerifier(key: BlobKey): Transform {
  const { sha256, gzip } = parseBlobKey(key);
  const hasher = gzip ? gunzipHasher() : identityHasher();
  const mismatch = (detail: string) => new BlobError('integrity', `refused ${key}: ${detail}`);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hasher.update(chunk).then(() => callback(null, chunk), (err: Error) => callback(mismatch(`not gzip data (${err.message})`)));
    },
    flush(callback) {
      hasher.digest().then(
        (actual) => callback(actual === sha256 ? null : mismatch(`its content hashes to ${actual}`)),
        (err: Error) => callback(mismatch(`not gzip data (${err.message})`)),
      );
    },
  });
}

/** Reads a stream to its end through `keyVerifier`; rejects with an integrity `BlobError` when it does not match. */
export async function verifyStream(key: BlobKey, source: Readable): Promise<void> {
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await pipeline(source, keyVerifier(key), discard);
}
