import { z } from 'zod';
import path from 'node:path';
import { filesSettings, parseFilesConfig, type FilesConfig } from './lib/blobs/blob-store-config.js';
import { parseOidcSettings, type OidcSettings } from './lib/oidc-settings.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KAIFANG_DATA_DIR: z.string().min(1).default('./data'),
  KAIFANG_PUBLIC_URL: z.url().optional(),
  KAIFANG_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  KAIFANG_SEED_DEMO: z.enum(['0', '1']).default('1'),
  KAIFANG_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL').optional(),
  KAIFANG_LOG: z.enum(['silent', 'info', 'debug']).default('info'),
  KAIFANG_UPLOAD_LIMIT_MB: z.coerce.number().int().positive().default(200),
  /** `off` records no usage at all (for benchmarking the counting itself). */
  KAIFANG_USAGE: z.enum(['on', 'off']).default('on'),
  /** `1` behind a reverse proxy: usage counting then takes the client address from X-Forwarded-For. */
  KAIFANG_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /**
   * Records of open datasets without an API key, per client address: `<per minute>` or `<per minute>/<per day>`
   * (the day defaults to 1000); `0` turns anonymous reads off (401 without a key, as before).
   */
  KAIFANG_ANONYMOUS_RATE: z.string().regex(/^\d{1,7}(\/\d{1,9})?$/, 'must be <per minute> or <per minute>/<per day>, e.g. 60/1000 (0: off)').default('60/1000')
    .transform((v) => { const [perMin = 0, perDay = 1000] = v.split('/').map(Number); return { perMin, perDay }; }),
  /** Time budget of a records query run off the serving thread; over it: 503 query_too_expensive. */
  KAIFANG_QUERY_BUDGET_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** How often each node looks for due recurring deliveries of the demand board (on PostgreSQL one node delivers each). */
  KAIFANG_RECURRING_CHECK_MS: z.coerce.number().int().min(100).max(86_400_000).default(3_600_000),
  /** How often the monitoring loop checks every dataset (hours; 0: never); the first round runs 5 minutes after the start. */
  KAIFANG_MONITOR_EVERY_HOURS: z.coerce.number().min(0).max(24 * 31).default(24),
  /** Audit rows older than this many days are archived to a signed file, then removed (at least 180: six months kept, GB/T 22239-2019). */
  KAIFANG_AUDIT_RETAIN_DAYS: z.coerce.number().int().min(180, 'must be at least 180 (audit records are kept six months or more)').max(36_500).default(365),
  /** Artifacts in a bucket (`s3://bucket/prefix`) instead of `<data>/files`; the next ones configure it (src/lib/blobs). */
  KAIFANG_FILES_URL: filesSettings.KAIFANG_FILES_URL,
  KAIFANG_S3_ENDPOINT: filesSettings.KAIFANG_S3_ENDPOINT,
  KAIFANG_S3_REGION: filesSettings.KAIFANG_S3_REGION,
  KAIFANG_S3_PATH_STYLE: filesSettings.KAIFANG_S3_PATH_STYLE,
  KAIFANG_S3_CONDITIONAL_PUT: filesSettings.KAIFANG_S3_CONDITIONAL_PUT,
  /** Read here and given to the S3 client, so the SDK never reads the environment itself when they are set. */
  AWS_REGION: filesSettings.AWS_REGION,
  AWS_ACCESS_KEY_ID: filesSettings.AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: filesSettings.AWS_SECRET_ACCESS_KEY,
  AWS_SESSION_TOKEN: filesSettings.AWS_SESSION_TOKEN,
  /** The catalog search's synonym list (JSON, read again when it changes); default config/search-synonyms.json. */
  KAIFANG_SEARCH_SYNONYMS: z.string().min(1).optional(),
  /** `1`: a download answers 307 to a short-lived presigned URL of the bucket instead of streaming through the node. */
  KAIFANG_FILES_REDIRECT: z.enum(['0', '1']).default('0'),
  /**
   * Who must give a second factor (TOTP) at sign-in: `privileged` publishers, department admins, reviewers and admins;
   * `off` admins only (admins always need one). Anyone who enrolled gives theirs either way.
   */
  KAIFANG_REQUIRE_2FA: z.enum(['off', 'privileged']).default('privileged'),
  /** /metrics answers loopback without it; any other address needs `Authorization: Bearer <this>`. */
  KAIFANG_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Unified identity (OpenID Connect): unset issuer = off; the rest are checked together (src/auth/oidc-settings.ts). */
  KAIFANG_OIDC_ISSUER: z.string().optional(),
  KAIFANG_OIDC_CLIENT_ID: z.string().optional(),
  KAIFANG_OIDC_CLIENT_SECRET: z.string().optional(),
  KAIFANG_OIDC_SCOPES: z.string().default('openid profile email'),
  KAIFANG_OIDC_CLAIMS: z.string().optional(),
  KAIFANG_OIDC_TRUSTED_DEPARTMENT_CLAIM: z.string().optional(),
  /** `citizens`: accounts with a department role sign in only through unified identity. */
  KAIFANG_PASSWORD_SIGNIN: z.enum(['all', 'citizens']).default('all'),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string; files: FilesConfig; oidc: OidcSettings | null };

/** The only reader of process.env: fails fast with one line per bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(source[String(i.path[0])])})`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.KAIFANG_DATA_DIR);
  // The rules between variables (a bucket name, both halves of a key pair); the same one-line-per-variable message.
  const files = parseFilesConfig(source, { filesDir: path.join(dataDir, 'files') });
  if (parsed.data.KAIFANG_FILES_REDIRECT === '1' && files.kind !== 's3') {
    throw new Error(`Invalid configuration:\n  KAIFANG_FILES_REDIRECT: 1 needs KAIFANG_FILES_URL (a bucket to redirect to) (got "1")`);
  }
  const oidc = parseOidcSettings(source, parsed.data.KAIFANG_PASSWORD_SIGNIN);
  if (oidc.problems.length) throw new Error(`Invalid configuration:\n${oidc.problems.join('\n')}`);
  return { ...parsed.data, dataDir, files, oidc: oidc.settings };
}
