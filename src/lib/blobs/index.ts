// Importing this index loads the AWS SDK (s3-blob-store.ts, ~115 ms); code that runs in every process or worker
// imports blob-store.js or blob-store-config.js instead (the SDK is then loaded only when a bucket is configured).
export {
  BlobError,
  blobKey,
  parseBlobKey,
  clampRange,
  type BlobErrorCode,
  type BlobHead,
  type BlobKey,
  type BlobStore,
  type ByteRange,
  type PresignedResponse,
  type PutFileOptions,
  type PutOptions,
  type PutResult,
} from './blob-store.js';
export { verifyStream as verifyBlobContent } from './content-check.js';
export { createFsBlobStore } from './fs-blob-store.js';
export { createS3BlobStore, s3Client, type S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
export { blobStoreFromConfig, blobStoreFromEnv, filesSettings, parseFilesConfig, type FilesConfig } from './blob-store-config.js';
