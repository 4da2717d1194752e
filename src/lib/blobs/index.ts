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
