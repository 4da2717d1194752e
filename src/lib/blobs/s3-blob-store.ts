import fs from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BlobError, checkRange, parseBlobKey, type BlobHead, type BlobKey, type BlobStore, type PutOptions, type PutResult } from './blob-store.js';
import { keyVerifier } from './content-check.js';

export type S3BlobStoreOptions = {
  bucket: string;
  /** Prepended to every key: '' or a path ending in '/'. */
  prefix: string;
  /** An S3Client of the caller's (tests watch its commands); otherwise one is built from `client`. */
  s3?: S3Client;
  client?: Pick<S3ClientConfig, 'endpoint' | 'region' | 'forcePathStyle' | 'credentials'>;
  /** Multipart part size, at least 5 MiB (S3's minimum); a file that fits in one part is one PutObject. */
  partSizeBytes?: number;
  /** Parts in flight at once; memory is about partSize times this. */
  queueSize?: number;
  /** Sends `If-None-Match: *` on the write; off for servers that reject the header. */
  conditionalPut?: boolean;
};

const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Builds the client for S3-compatible servers too: checksums only where an operation requires them. Since
 * v3.729 the SDK by default adds x-amz-checksum-crc32 / x-amz-sdk-checksum-algorithm headers to every write
 * (and sends a stream body as `aws-chunked`), which several S3-compatible servers refuse (aws-sdk-js-v3#6810)
 * or, like s3rver, store framing and all. Integrity does not rest on them: every put is checked against its
 * sha256 key before it is completed, and SigV4 signs each part's payload hash.
 */
export function s3Client(config: S3BlobStoreOptions['client'] = {}): S3Client {
  return new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
}

/** The first `length` bytes of a body, for a server that sends more than the range asked for (s3rver does). */
function firstBytes(body: Readable, length: number): Readable {
  return Readable.from((async function* () {
    let left = length;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      yield chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= Math.min(left, chunk.length);
      if (left === 0) break; // ends the iteration, which destroys the body: the rest is not downloaded
    }
  })(), { objectMode: false });
}

/**
 * Artifacts in a bucket (MinIO, Ceph RGW, Alibaba OSS, Huawei OBS, AWS S3). A put first asks whether the key
 * exists; if not, it streams the bytes through the key check into a multipart upload (one PutObject when they
 * fit in a part) that is completed only when the check passes, so a wrong blob is aborted before it is
 * visible. `If-None-Match: *` on the write keeps a racing second writer from replacing the first.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const client = options.s3 ?? s3Client(options.client);
  const { bucket, prefix } = options;
  const objectKey = (key: BlobKey) => {
    parseBlobKey(key);
    return `${prefix}${key}`;
  };

  async function head(key: BlobKey): Promise<BlobHead> {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return { exists: true, size: out.ContentLength ?? 0 };
    } catch (err) {
      if (statusOf(err) === 404) return { exists: false };
      throw err;
    }
  }

  async function upload(key: BlobKey, source: Readable, size: number | undefined, put: PutOptions): Promise<PutResult> {
    if ((await head(key)).exists) {
      source.destroy();
      return { key, created: false };
    }
    const verifier = keyVerifier(key);
    let refused: unknown = null;
    verifier.on('error', (err) => { if (err instanceof BlobError) refused = err; });
    const body = pipeline(source, verifier, () => {});
    const job = new Upload({
      client,
      // S3 allows 10,000 parts: a known size that would need more gets larger parts.
      partSize: Math.max(options.partSizeBytes ?? 8 * 1024 * 1024, Math.ceil((size ?? 0) / 10_000)),
      queueSize: options.queueSize ?? 4,
      params: {
        Bucket: bucket,
        Key: objectKey(key),
        Body: body,
        ...(size !== undefined ? { ContentLength: size } : {}),
        ...(put.contentType ? { ContentType: put.contentType } : {}),
        ...(options.conditionalPut !== false ? { IfNoneMatch: '*' } : {}),
      },
    });
    try {
      await job.done();
      return { key, created: true };
    } catch (err) {
      if (refused) throw refused; // what the key check found, not how the abort of the upload went
      const status = statusOf(err);
      // 412: written meanwhile by another node; 409: such a write still runs (AWS), so ask again.
      if (status === 412 || (status === 409 && (await head(key)).exists)) return { key, created: false };
      throw err;
    } finally {
      source.destroy();
    }
  }

  return {
    kind: 's3',
    client,

    putStream: (key, source, put = {}) => upload(key, source, undefined, put),

    async putFile(key, file, put = {}) {
      const { size } = await fs.promises.stat(file);
      return upload(key, fs.createReadStream(file), size, put);
    },

    head,

    async read(key, range) {
      if (range) checkRange(range); // the bucket knows the size
      let out;
      try {
        out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      } catch (err) {
        throw translate(key, err);
      }
      const body = out.Body as Readable;
      if (!range) return body;
      const served = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(out.ContentRange ?? '');
      const size = served ? Number(served[3]) : (out.ContentLength ?? 0);
      const start = served ? Number(served[1]) : 0;
      if (start !== range.start) {
        body.destroy();
        throw new Error(`the bucket answered ${out.ContentRange ?? 'with the whole object'} to bytes=${range.start}-${range.end} of ${key}`);
      }
      const length = Math.min(range.end, size - 1) - range.start + 1;
      return (out.ContentLength ?? length) > length ? firstBytes(body, length) : body;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },

    presignedGetUrl(key, ttlSeconds, response = {}) {
      // SigV4 query signatures live at most a week.
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 604_800) throw new Error(`bad presigned URL lifetime: ${ttlSeconds} s`);
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: objectKey(key),
        ...(response.contentType ? { ResponseContentType: response.contentType } : {}),
        ...(response.contentDisposition ? { ResponseContentDisposition: response.contentDisposition } : {}),
        ...(response.contentEncoding ? { ResponseContentEncoding: response.contentEncoding } : {}),
      });
      return getSignedUrl(client, command, { expiresIn: ttlSeconds });
    },

    where: (key) => `s3://${bucket}/${objectKey(key)}`,

    close() {
      if (!options.s3) client.destroy();
    },
  };
}

function translate(key: BlobKey, err: unknown): unknown {
  if (statusOf(err) === 404) return new BlobError('not_found', `no blob ${key}`);
  if (statusOf(err) === 416) return new BlobError('range_not_satisfiable', `the range lies outside ${key}`);
  return err;
}

export type S3BlobStore = BlobStore & { kind: 's3'; client: S3Client; presignedGetUrl: NonNullable<BlobStore['presignedGetUrl']> };
