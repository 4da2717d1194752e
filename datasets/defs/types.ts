import type { Frequency } from '../schema.js';

/** Compact definition of a dataset; build-manifests.ts expands it into a manifest. */
export interface DatasetDef {
  id: string;
  zh: string;
  en: string;
  dept: string;
  theme: string;
  freq: Frequency;
  /** Row count of version 1. */
  rows: number;
  sum: [zh: string, en: string];
  /** Chinese keywords separated by spaces. */
  kw: string;
  /** English keywords separated by commas. */
  kwEn: string;
  /** 所属行业 */
  ind: string;
  /** Field lines, see fields.ts. */
  fields: string[];
  conditional?: boolean;
  spatial?: string;
  /** Published later than its frequency promises (about 15% of the catalog). */
  stale?: boolean;
  /** Explicit date (YYYY-MM-DD) of the only version, when the data itself is tied to it. */
  published?: string;
  /** Explicit versions: [date, change note]; the first note is usually 首次发布. */
  versions?: [string, string][];
  /** Ids of related datasets. */
  related?: string[];
}

const DAY = 86400000;
const epochDay = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY;

/** Number of days from a to b, both included. */
export const days = (a: string, b: string) => epochDay(b) - epochDay(a) + 1;

/** Number of months from 'YYYY-MM' a to b, both included. */
export const months = (a: string, b: string) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7)) + 1;

/** The day `n - 1` days before `end`, so that a daily series of n steps ends on `end`. */
export function startFor(end: string, n: number, step = 1): string {
  return new Date((epochDay(end) - (n - 1) * step) * DAY).toISOString().slice(0, 10);
}
