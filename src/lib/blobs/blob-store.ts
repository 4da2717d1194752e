import type { Readable } from 'node:stream';

/**
 * Where a blob lives, relative to the store's root: `<sha[0:2]>/<sha>.<ext>` for a file, `<...>.gz` for its
 * precompressed copy; the layout of today's files folder, and the object key (after a prefix) in a bucket.
 */
export type BlobKey = string;

/** Inclusive byte positions, as in an HTTP Range; an `end` past the last byte means "to the end". */
export type ByteRange = { start: number; end: number };

export type BlobHead = { exists: false } | { exists: true; size: number };

/** `created` is false when the key was there already: nothing was written, the stored blob is unchanged. */
export type PutResult = { key: BlobKey; created: boolean };

export type PutOptions = {
  /** Stored with the object where the engine keeps it (a bucket); the files folder ignores it. */
  contentType?: string;
};

export type PutFileOptions = PutOptions & {
  /**
   * The caller gives the finished file up: the store may move it into place instead of copying it (the files
   * folder then hard-links and unlinks it). The caller must not use it afterwards; removing it is harmless.
   */
  handOver?: boolean;
  /**
   * With `handOver`: the caller hashed these very bytes as it wrote them and named the key from that hash (an
   * artifact sink). The files folder then links the file into place without reading it again; a bucket still
   * checks what it uploads, in the same pass.
   */
  hashedWhileWritten?: boolean;
};

/** Response headers a presigned URL makes the bucket answer with (S3's response-* overrides). */
export type PresignedResponse = { contentType?: string; contentDisposition?: string; contentEncoding?: string };

/**
 * Content-addressed, write-once storage of artifact files. Every put is verified against its key before it
 * becomes visible (the bytes of `<sha>.<ext>` hash to `sha`; those of `<sha>.<ext>.gz` decompress to bytes
 * that do), and a key that exists is never written again. A refused put leaves nothing under its key.
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3';
  /** A finished local file. */
  putFile(key: BlobKey, file: string, options?: PutFileOptions): Promise<PutResult>;
  /** A stream, consumed (or destroyed when the key exists already). */
  putStream(key: BlobKey, source: Readable, options?: PutOptions): Promise<PutResult>;
  head(key: BlobKey): Promise<BlobHead>;
  /** The bytes of `range` (all of them without one); `BlobError` not_found or range_not_satisfiable otherwise. */
  read(key: BlobKey, range?: ByteRange): Promise<Readable>;
  /** For cleanup (a blob no version refers to); deleting a missing key is not an error. */
  delete(key: BlobKey): Promise<void>;
  /** A URL anyone can GET for `ttlSeconds`, where the engine has one (a bucket does, a folder does not). */
  presignedGetUrl?(key: BlobKey, ttlSeconds: number, response?: PresignedResponse): Promise<string>;
  /** Where a key lives, for messages and logs: a path in the folder, `s3://bucket/prefix/key` in a bucket. */
  where(key: BlobKey): string;
  /** Releases connections (a bucket's client); the store is not used afterwards. */
  close(): void;
}

export type BlobErrorCode = 'not_found' | 'integrity' | 'range_not_satisfiable';

export class BlobError extends Error {
  constructor(readonly code: BlobErrorCode, message: string) {
    super(message);
    this.name = 'BlobError';
  }
}

const keyPattern = /^([0-9a-f]{2})\/(\1[0-9a-f]{62})\.([a-z]+)(\.gz)?$/;

export type ParsedBlobKey = { sha256: string; ext: string; gzip: boolean };

/**
 * Checks a key: built only from a sha256 and a lowercase extension, so no key can leave the store's root
 * (a folder) or its prefix (a bucket).
 */
export function parseBlobKey(key: BlobKey): ParsedBlobKey {
  const m = keyPattern.exec(key);
  if (!m) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
  return { sha256: m[2]!, ext: m[3]!, gzip: m[4] !== undefined };
}

/** The key of a file with this sha256 and extension, or of its gzip copy. */
export function blobKey(sha256: string, ext: string, representation: 'identity' | 'gzip' = 'identity'): BlobKey {
  const key = `${sha256.slice(0, 2)}/${sha256}.${ext}${representation === 'gzip' ? '.gz' : ''}`;
  parseBlobKey(key);
  return key;
}

/** A range is the caller's arithmetic, never a request's text: a malformed one is a bug. */
export function checkRange(range: ByteRange): void {
  if (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start) {
    throw new Error(`bad byte range ${range.start}-${range.end}`);
  }
}

/** The inclusive positions to read of a blob of `size` bytes, or a range_not_satisfiable `BlobError`. */
export function clampRange(key: BlobKey, size: number, range: ByteRange): ByteRange {
  checkRange(range);
  if (range.start >= size) throw new BlobError('range_not_satisfiable', `${key} has ${size} bytes; byte ${range.start} lies outside it`);
  return { start: range.start, end: Math.min(range.end, size - 1) };
}
