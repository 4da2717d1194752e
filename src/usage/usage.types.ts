import type { usageKinds } from './usage.table.js';
import type { SearchInput } from './search-log.js';

/** One use of a dataset, as handed to the usage recorder (which applies DESIGN section 6's counting rules). */
export type UsageEventInput = {
  kind: (typeof usageKinds)[number];
  datasetPk: number;
  version?: number | null;
  format?: string | null;
  ownerDepartmentId: string;
  consumerDepartmentId?: string | null;
  userId?: string | null;
  keyId?: string | null;
  /** Set by the recorder from user / key / salted HMAC of IP + User-Agent when omitted. */
  consumerHash?: string;
  /** Only hashed (alone, and with the User-Agent, under a daily salt); never stored. */
  ip?: string | null;
  /** The request's User-Agent ('' or null when the header is missing); leave undefined for events no HTTP request made (deliveries). */
  userAgent?: string | null;
  status: number;
  rows?: number | null;
  bytes?: number | null;
  ms?: number | null;
  ts?: string;
};

export type UsageRecorder = {
  record: (event: UsageEventInput) => void;
  /** Logs a catalog search (buffered; never who searched); answers the id its result links carry (`from=search-<id>`), or null when not logged. */
  search: (input: SearchInput) => string | null;
  /** The dataset page was reached from a logged search (its `from` parameter): marks that search opened. */
  searchOpened: (from: string | null | undefined) => void;
  /** Writes everything buffered in one transaction (with the rollups); called every second and at shutdown. */
  flush: () => Promise<void>;
  /** Events counted and not yet written (for /metrics). */
  buffered?: () => number;
  stop: () => Promise<void>;
};
