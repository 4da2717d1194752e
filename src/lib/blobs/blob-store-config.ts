import { z } from 'zod';
import type { BlobStore } from './blob-store.js';
import { createFsBlobStore } from './fs-blob-store.js';

export type FilesConfig =
  | { kind: 'fs'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** '' or a path ending in '/'. */
      prefix: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      conditionalPut: boolean;
      /** Absent: the AWS SDK's own chain (its environment variables, ~/.aws profiles, an instance role). */
      credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    };

const flag = z.enum(['0', '1']).optional();

/** Each variable's own check; src/env.ts lists them among the settings (the cross-variable rules are below). */
export const filesSettings = {
  KAIFANG_FILES_URL: z.string().regex(/^s3:\/\//, 'must be s3://bucket or s3://bucket/prefix (absent: the files folder of the data directory)').optional(),
  KAIFANG_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  KAIFANG_S3_REGION: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** Buckets as a path (`endpoint/bucket/key`); the default with an endpoint. Alibaba OSS wants 0. */
  KAIFANG_S3_PATH_STYLE: flag,
  KAIFANG_S3_CONDITIONAL_PUT: flag,
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
};

const schema = z.object(filesSettings);

// S3's rules for new buckets (OSS and OBS allow a subset): 3-63 of a-z 0-9 . -, a letter or digit at each end.
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function parseFilesUrl(url: string): { bucket: string; prefix: string } | string {
  const m = /^s3:\/\/([^/?#]*)(?:\/([^?#]*))?$/.exec(url);
  if (!m) return 'must be s3://bucket or s3://bucket/prefix, without ? or #';
  const [, bucket = '', rawPrefix = ''] = m;
  if (!bucketName.test(bucket)) return `"${bucket}" is not a bucket name (3-63 of a-z, 0-9, dot, hyphen)`;
  const segments = rawPrefix.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || /[\u0000-\u001f\\]/.test(s))) return 'the prefix may not hold . or .. segments, backslashes or control characters';
  return { bucket, prefix: segments.length ? `${segments.join('/')}/` : '' };
}

/**
 * Where artifacts live, from settings given as values (the caller passes its environment): the files folder
 * `filesDir` unless `KAIFANG_FILES_URL` names a bucket. Fails with one line per bad variable, like readEnv.
 */
export function parseFilesConfig(source: Record<string, string | undefined>, defaults: { filesDir: string }): FilesConfig {
  const parsed = schema.safeParse(source);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => [String(i.path[0]), i.message] as const);
  const values = parsed.success ? parsed.data : ({} as z.infer<typeof schema>);
  const location = values.KAIFANG_FILES_URL ? parseFilesUrl(values.KAIFANG_FILES_URL) : null;
  if (typeof location === 'string') problems.push(['KAIFANG_FILES_URL', location]);
  if (parsed.success && Boolean(values.AWS_ACCESS_KEY_ID) !== Boolean(values.AWS_SECRET_ACCESS_KEY)) {
    problems.push([values.AWS_ACCESS_KEY_ID ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID', 'is needed with the other key variable']);
  }
  if (problems.length) {
    const lines = problems.map(([name, message]) => `  ${name}: ${message} (got ${JSON.stringify(source[name])})`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (!location) return { kind: 'fs', dir: defaults.filesDir };
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = values;
  return {
    kind: 's3',
    ...(location as { bucket: string; prefix: string }),
    ...(values.KAIFANG_S3_ENDPOINT ? { endpoint: values.KAIFANG_S3_ENDPOINT } : {}),
    // S3-compatible servers mostly ignore the region, but the SDK signs with one.
    region: values.KAIFANG_S3_REGION ?? values.AWS_REGION ?? 'us-east-1',
    forcePathStyle: values.KAIFANG_S3_PATH_STYLE ? values.KAIFANG_S3_PATH_STYLE === '1' : Boolean(values.KAIFANG_S3_ENDPOINT),
    conditionalPut: values.KAIFANG_S3_CONDITIONAL_PUT !== '0',
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
  };
}

/** The AWS SDK (~115 ms to load) is loaded only when a bucket is configured: the files folder and workers never load it. */
export async function blobStoreFromConfig(config: FilesConfig, tuning: { partSizeBytes?: number } = {}): Promise<BlobStore> {
  if (config.kind === 'fs') return createFsBlobStore(config.dir);
  const { createS3BlobStore } = await import('./s3-blob-store.js');
  return createS3BlobStore({
    bucket: config.bucket,
    prefix: config.prefix,
    conditionalPut: config.conditionalPut,
    ...tuning,
    client: {
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
    },
  });
}

/** `parseFilesConfig` then the store it names. */
export const blobStoreFromEnv = (source: Record<string, string | undefined>, defaults: { filesDir: string }): Promise<BlobStore> =>
  blobStoreFromConfig(parseFilesConfig(source, defaults));
