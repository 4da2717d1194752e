import { quoteIdent } from '../versions/rows/index.js';
import type { SqlValue } from './records.coerce.js';
import type { Filter, Operator, SortKey } from './records.query.js';

/** A fragment of SQL with its bound values; identifiers in `sql` come only from the schema. */
export type Clause = { sql: string; params: SqlValue[] };

// GLOB is case-sensitive like the data and can use an index for a prefix; its wildcards in the value are escaped.
const escapeGlob = (s: string) => s.replace(/[*?[]/g, (ch) => `[${ch}]`);

const comparison: Partial<Record<Operator, string>> = { exact: '=', not: 'IS NOT', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function filterClause(f: Filter): Clause {
  const col = quoteIdent(f.field.name);
  const v = f.values[0]!;
  switch (f.op) {
    case 'contains':
      return { sql: `${col} GLOB ?`, params: [`*${escapeGlob(String(v))}*`] };
    case 'startswith':
      return { sql: `${col} GLOB ?`, params: [`${escapeGlob(String(v))}*`] };
    case 'in':
      return { sql: `${col} IN (${f.values.map(() => '?').join(', ')})`, params: f.values };
    case 'isnull':
      return { sql: v ? `${col} IS NULL` : `${col} IS NOT NULL`, params: [] };
    default:
      return { sql: `${col} ${comparison[f.op]} ?`, params: [v] };
  }
}

/** The WHERE conditions of the filters and of a full-text match (rowids from the version's FTS table). */
export function whereClauses(filters: Filter[], fts: { table: string; match: string } | null): Clause[] {
  const clauses = filters.map(filterClause);
  if (fts) clauses.push({ sql: `_rowid IN (SELECT rowid FROM ${quoteIdent(fts.table)} WHERE ${quoteIdent(fts.table)} MATCH ?)`, params: [fts.match] });
  return clauses;
}

export const sortColumn = (k: SortKey) => (k.field ? quoteIdent(k.field.name) : '_rowid');

/** The sort keys followed by `_rowid` ascending, unless the primary key (as `_rowid`) is among them already. */
export function orderKeys(sort: SortKey[]): SortKey[] {
  return sort.some((k) => !k.field) ? sort : [...sort, { field: null, desc: false }];
}

export const orderBy = (keys: SortKey[]) => keys.map((k) => `${sortColumn(k)} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');

/**
 * Rows strictly after `position` (the previous page's last sort values) in `keys` order, with
 * SQLite's NULL placement (first ascending, last descending): (k1 after) OR (k1 equal AND (k2 after ...)).
 */
export function keysetClause(keys: SortKey[], position: (SqlValue | null)[]): Clause {
  // Written in SQL both engines read alike (FALSE: SQLite 3.23+ and PostgreSQL), so PostgreSQL uses it too.
  // Same meaning as the expansion below when nothing is NULL, and SQLite can seek an index with it.
  if (keys.every((k) => !k.desc) && position.every((v) => v !== null)) {
    if (keys.length === 1) return { sql: `${sortColumn(keys[0]!)} > ?`, params: [position[0]!] };
    return { sql: `(${keys.map(sortColumn).join(', ')}) > (${keys.map(() => '?').join(', ')})`, params: position as SqlValue[] };
  }
  const build = (i: number): Clause => {
    const k = keys[i]!;
    const col = sortColumn(k);
    const v = position[i] ?? null;
    const isLast = i === keys.length - 1;
    let after: Clause | null;
    let equal: Clause;
    if (v === null) {
      after = k.desc ? null : { sql: `${col} IS NOT NULL`, params: [] };
      equal = { sql: `${col} IS NULL`, params: [] };
    } else {
      after = k.desc ? { sql: `(${col} < ? OR ${col} IS NULL)`, params: [v] } : { sql: `${col} > ?`, params: [v] };
      equal = { sql: `${col} = ?`, params: [v] };
    }
    if (isLast) return after ?? { sql: 'FALSE', params: [] };
    const rest = build(i + 1);
    const tail = { sql: `(${equal.sql} AND ${rest.sql})`, params: [...equal.params, ...rest.params] };
    return after ? { sql: `(${after.sql} OR ${tail.sql})`, params: [...after.params, ...tail.params] } : tail;
  };
  return build(0);
}
