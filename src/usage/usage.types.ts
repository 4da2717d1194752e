import type { usageKinds } from './usage.table.js';

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
  /** Writes everything buffered in one transaction (with the rollups); called every second and at shutdown. */
  flush: () => Promise<void>;
  stop: () => Promise<void>;
};
