import type { Db } from '../db/client.js';
import type { Env } from '../env.js';
import type { CursorCodec } from './cursor.js';
import type { UsageRecorder } from '../usage/usage.types.js';
import type { Indicator } from '../usage/assessment.indicators.js';
import type { CatalogCache } from '../catalog/catalog.cache.js';
import type { VersionsState } from '../versions/versions.state.js';
import type { RateLimiter } from '../keys/keys.ratelimit.js';

export type Logger = { info: (msg: string) => void; error: (msg: string, err?: unknown) => void };

/** Everything a feature needs, injected once by createApp; no feature imports a singleton. */
export type AppDeps = {
  db: Db;
  env: Env;
  /** Root of the content-addressed artifact store. */
  filesDir: string;
  now: () => Date;
  cursors: CursorCodec;
  log: Logger;
  /** Counts downloads, API calls and deliveries (DESIGN section 6); a no-op when KAIFANG_USAGE=off. */
  usage: UsageRecorder;
  /*
   * The app's own state, built by createApp (DESIGN section 10: no module-level state), so two apps in one
   * process share none of it.
   */
  /** Memoised reads of the catalog and the statistics, each checked against the database's change counters. */
  caches: { catalog: CatalogCache };
  /** The assessment's indicators, in display order: each feature's list, put together by createApp. */
  indicators: readonly Indicator[];
  /** Worker threads kept between publishes (ended by the app's close), and the artifact builds in flight. */
  workers: VersionsState['workers'];
  artifactBuilds: VersionsState['artifactBuilds'];
  /** API keys' rate limits and daily quotas, held in memory; flushed by the server on shutdown. */
  rateLimiter: RateLimiter;
};

export type SessionUser = { id: string; email: string; name: string; role: string; departmentId: string | null };

/** The API key a request was made with, as resolved by the keys middleware (never the secret itself). */
export type ApiKeyPrincipal = { id: string; ownerUserId: string; ownerRole: string; departmentId: string | null; ratePerMin: number; dailyQuota: number };

export type AppEnv = {
  Variables: {
    requestId: string;
    user?: SessionUser | null;
    apiKey?: ApiKeyPrincipal;
    /** What a records response served, noted by the records handler for the usage counter. */
    recordsUse?: { datasetPk: number; version: number; ownerDepartmentId: string; format: string | null; rows: number | null; bytes: number | null };
  };
};
