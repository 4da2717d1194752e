import type { Db } from './db/client.js';
import type { Env } from './env.js';
import type { CursorCodec } from './lib/cursor.js';
import type { Logger } from './lib/context.js';
import type { UsageRecorder, Indicator } from './usage/index.js';
import type { CatalogCache } from './catalog/index.js';
import type { VersionsState } from './versions/index.js';
import type { RateLimiter } from './keys/index.js';
import type { RecordsState } from './records/index.js';
import type { BlobStore } from './lib/blobs/blob-store.js';
import type { MetricsSink } from './lib/metrics-sink.js';

// At the top of src, beside createApp which builds it: it names pieces of several features, so it cannot live in
// src/lib (which knows no feature). Features import this type only; nothing here runs.

/** Everything a feature needs, injected once by createApp; no feature imports a singleton. */
export type AppDeps = {
  db: Db;
  env: Env;
  /** The files folder: root of the artifact store when it is a folder, and where artifacts are written before they are stored. */
  filesDir: string;
  /** Where artifacts are stored and read (the files folder, or a bucket with KAIFANG_FILES_URL). */
  files: BlobStore;
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
  /** The records API's version resolver and reader (with its query workers, ended by the app's close). */
  records: Pick<RecordsState, 'resolver' | 'reader'>;
  /** A 32-byte key derived (HKDF) from the portal secret for `purpose`, for data sealed at rest or in cookies; never the secret itself. */
  deriveKey: (purpose: string) => Buffer;
  /** Timings for /metrics (publish, artifact builds, usage flushes); createApp builds it, callers without metrics leave it out. */
  metrics?: MetricsSink;
};
