import { quoteIdent } from '../versions/rows/index.js';
import type { Filter, Operator, SortKey } from './records.query.js';
import { sortColumn, type Clause } from './records.sql.js';
import { documentOf } from './search-index.pg.sql.js';

// The records API's WHERE and ORDER BY on PostgreSQL (the twins of records.sql.ts). Placeholders are written `?`
// as there; the statement runner numbers them. Text columns are COLLATE "C" (rows-table.pg.ts), so comparisons and
// order are SQLite's byte order without saying so here.

// GLOB's case-sensitive `*x*` and `x*` as LIKE, the value's own %, _ and \ escaped (LIKE's default escape is \).
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

const comparison: Partial<Record<Operator, string>> = { exact: '=', not: 'IS DISTINCT FROM', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function filterClause(f: Filter): Clause {
  const col = quoteIdent(f.field.name);
  const v = f.values[0]!;
  switch (f.op) {
    case 'contains':
      return { sql: `${col} LIKE ?`, params: [`%${escapeLike(String(v))}%`] };
    case 'startswith':
      return { sql: `${col} LIKE ?`, params: [`${escapeLike(String(v))}%`] };
    case 'in':
      return { sql: `${col} IN (${f.values.map(() => '?').join(', ')})`, params: f.values };
    case 'isnull':
      return { sql: v ? `${col} IS NULL` : `${col} IS NOT NULL`, params: [] };
    default:
      return { sql: `${col} ${comparison[f.op]} ?`, params: [v] };
  }
}

/**
 * The WHERE conditions of the filters and of a full-text match: rowids from the version's search table whose
 * visible text fields (`columns`, see search-index.pg.sql.ts) match the tsquery `match`.
 */
export function whereClausesPg(filters: Filter[], fts: { table: string; match: string; columns?: number[] } | null): Clause[] {
  const clauses = filters.map(filterClause);
  if (fts) clauses.push({ sql: `_rowid IN (SELECT _rowid FROM ${quoteIdent(fts.table)} WHERE ${documentOf(fts.columns ?? [])} @@ to_tsquery('simple', ?))`, params: [fts.match] });
  return clauses;
}

/**
 * SQLite's NULL placement, said explicitly: first ascending, last descending (PostgreSQL's default is the reverse).
 * Not for `_rowid` (never null), whose plain ASC/DESC is what its primary key's and every field index's order says.
 */
export const direction = (k: SortKey) => (!k.field ? (k.desc ? 'DESC' : 'ASC') : k.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST');
export const orderByPg = (keys: SortKey[]) => keys.map((k) => `${sortColumn(k)} ${direction(k)}`).join(', ');
