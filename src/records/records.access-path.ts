import { quoteIdent } from '../versions/rows/index.js';
import type { Filter, Operator, SortKey } from './records.query.js';

/**
 * How a page query reads its rows. `hint`: an INDEXED BY / NOT INDEXED clause (or ''). `sortMatches`: the first
 * ORDER BY term is written `+col`, which keeps SQLite from walking the table in sort order: it finds the matches
 * through a filter's index and sorts them.
 */
export type Access = { hint: string; sortMatches: boolean };

export const defaultAccess: Access = { hint: '', sortMatches: false };

// Operators an index can seek on; `exact` and `isnull=true` also keep rowid order among the rows they find.
const seekable = new Set<Operator>(['exact', 'gt', 'gte', 'lt', 'lte', 'in', 'startswith', 'isnull']);
const keepsRowidOrder = (f: Filter) => f.op === 'exact' || (f.op === 'isnull' && Boolean(f.values[0]));

/**
 * Without statistics SQLite guesses how many rows a filter keeps, and often guesses wrong both ways; the exact
 * total, known before the page is read, decides instead. A page in sort order costs about rows * (page / matches)
 * rows read when walking the sort order, and `matches` rows (plus a sort) when reading the matches; the first is
 * cheaper exactly when matches^2 > page * rows.
 *
 * - Many matches: walk the index of the first sort key (or the rowid) and stop after a page, rather than read and
 *   sort every match; without such an index, a fifth of the table or more is read in one pass (NOT INDEXED).
 * - Few matches, with a filter an index can seek: read the matches through that index and sort them, rather than
 *   walk the whole table in sort order looking for them (a page of 0–100 matches sorted by an indexed field read
 *   all 20,000 rows: ~5 ms instead of ~0.1 ms). Not when the walk is bounded already: the first sort key is
 *   itself filtered through its index, or it is the rowid and an equality filter's index yields rowid order.
 */
export function chooseAccess(indexes: Map<string, string>, filters: Filter[], fullText: boolean, keys: SortKey[], total: number, limit: number, rows: number): Access {
  if (!filters.length && !fullText) return defaultAccess;
  const first = keys[0]!;
  if (total * total > (limit + 1) * rows) {
    if (!first.field) return { hint: ' NOT INDEXED', sortMatches: false };
    const index = indexes.get(first.field.name);
    if (index) return { hint: ` INDEXED BY ${quoteIdent(index)}`, sortMatches: false };
    // Every match is read and sorted. When they are much of the table, one pass over it costs less than fetching
    // each through a filter's index (a row looked up costs ~8 rows read in order: 19,500 of 20,000 rows 23 -> 3 ms).
    return { hint: total * 5 > rows ? ' NOT INDEXED' : '', sortMatches: false };
  }
  const sought = filters.filter((f) => seekable.has(f.op) && indexes.has(f.field.name));
  if (!sought.length && !fullText) return defaultAccess;
  const bounded = first.field ? sought.some((f) => f.field.name === first.field!.name) : sought.some(keepsRowidOrder);
  return bounded ? defaultAccess : { hint: '', sortMatches: true };
}
