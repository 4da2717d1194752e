import { z } from 'zod';
import path from 'node:path';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KAIFANG_DATA_DIR: z.string().min(1).default('./data'),
  KAIFANG_PUBLIC_URL: z.url().optional(),
  KAIFANG_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  KAIFANG_SEED_DEMO: z.enum(['0', '1']).default('1'),
  KAIFANG_LOG: z.enum(['silent', 'info', 'debug']).default('info'),
  KAIFANG_UPLOAD_LIMIT_MB: z.coerce.number().int().positive().default(200),
  /** `off` records no usage at all (for benchmarking the counting itself). */
  KAIFANG_USAGE: z.enum(['on', 'off']).default('on'),
  /** `1` behind a reverse proxy: usage counting then takes the client address from X-Forwarded-For. */
  KAIFANG_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Time budget of a records query run off the serving thread; over it: 503 query_too_expensive. */
  KAIFANG_QUERY_BUDGET_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** The only reader of process.env: fails fast with one line per bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(source[String(i.path[0])])})`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.KAIFANG_DATA_DIR) };
}
