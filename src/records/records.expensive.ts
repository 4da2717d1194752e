import { ApiError } from '../lib/errors.js';
import type { RecordsQuery } from './records.query.js';
import type { RecordsTarget } from './records.target.js';

/**
 * 503 `query_too_expensive`: the query was cancelled at its time budget. Names the fields of the query
 * that have no index (the reason it had to read so much) and the ones that do, which the caller can
 * filter or sort on instead (the primary key always can).
 */
export function tooExpensive(target: RecordsTarget, query: RecordsQuery, indexes: Map<string, string>, budgetMs: number): ApiError {
  const pk = target.schema.find((f) => f.primary_key);
  const visible = new Set(query.visible.map((f) => f.name));
  const indexed = target.schema.filter((f) => visible.has(f.name) && (f.primary_key || indexes.has(f.name))).map((f) => f.name);
  const named = [...query.filters.map((f) => f.field), ...query.sort.flatMap((k) => (k.field ? [k.field] : []))];
  const unindexed = [...new Set(named.filter((f) => !f.primary_key && !indexes.has(f.name)).map((f) => f.name))];
  const why = unindexed.length
    ? `${unindexed.map((n) => `'${n}'`).join(', ')} ${unindexed.length > 1 ? 'have' : 'has'} no index, so the query reads`
    : query.q ? 'the full-text search matches' : 'the query reads';
  const message =
    `This query on version ${target.n} of '${target.datasetId}' (${target.rowCount} rows) was stopped after ${budgetMs / 1000} s: ${why} too many rows. ` +
    `Filter or sort on an indexed field instead: ${indexed.join(', ')}${pk ? ` (${pk.name} is the primary key)` : ''}; a narrower filter on one of them makes the rest cheap.`;
  return new ApiError(503, 'query_too_expensive', message, { unindexed_fields: unindexed, indexed_fields: indexed, budget_ms: budgetMs });
}
