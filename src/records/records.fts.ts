import type { FieldSpec } from '../lib/field-spec.js';
import { ApiError } from '../lib/errors.js';

/**
 * The full-text index of one version: a contentless FTS5 table whose rowid is the row's `_rowid`,
 * with one column per text field (`c0`, `c1`... in schema order: field names such as `rank` are
 * reserved in FTS5), so a search can be limited to the fields a grant shows. Versions are
 * immutable, so an index never goes stale. Built in a worker (search-index.ts), never on a request; its SQL is
 * in search-index.sql.ts.
 */
export const ftsTableName = (rowsTable: string) => `${rowsTable}_fts`;
/** Where a build writes; renamed to `ftsTableName` when complete, so a half-built index is never read. */
export const ftsBuildingName = (rowsTable: string) => `${rowsTable}_fts_building`;

export const textFields = (schema: FieldSpec[]) => schema.filter((f) => f.type === 'string');

/**
 * The MATCH expression limited to the FTS columns of the `visible` fields (all of them: no filter),
 * or null when none of the visible fields is text (nothing can match).
 */
export function scopedMatch(match: string, schema: FieldSpec[], visible: FieldSpec[]): string | null {
  const texts = textFields(schema);
  const shown = new Set(visible.map((f) => f.name));
  const columns = texts.flatMap((f, i) => (shown.has(f.name) ? [`c${i}`] : []));
  if (!columns.length) return null;
  return columns.length === texts.length ? match : `{${columns.join(' ')}} : (${match})`;
}

/** `batchRows`: rows in the first write transaction; later ones are sized to hold the write lock about `txMs`. */
export type BuildOptions = { batchRows: number; txMs?: number };

/** 503 `search_index_building` while a version's index is built (on either engine), with when to try `q` again. */
export const indexBuilding = (target: { n: number; datasetId: string }, seconds: number) =>
  new ApiError(503, 'search_index_building', `The full-text index of version ${target.n} of '${target.datasetId}' is being built (about ${seconds} s); try q again then. Filters, sort and paging without q work meanwhile.`, {
    headers: { 'Retry-After': String(seconds) },
    retry_after: seconds,
  });
