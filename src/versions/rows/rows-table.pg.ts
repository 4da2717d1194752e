import type { FieldSpec } from '../../lib/field-spec.js';
import { indexedFields, primaryKeyOf, quoteIdent } from './rows-table.js';

// The rows tables' column types and indexes on PostgreSQL, chosen so the records API reads the same values as on
// SQLite: integers as bigint (read as numbers by the client's int8 parser), numbers as double precision, booleans
// as 0/1 smallint (so filters, sort order, cursor positions and the decoding to true/false are SQLite's own), and
// text in byte order (COLLATE "C", SQLite's BINARY): every comparison, sort, prefix match and index follows it.

export const pgSqlType: Record<FieldSpec['type'], string> = {
  string: 'text COLLATE "C"',
  integer: 'bigint',
  number: 'double precision',
  boolean: 'smallint',
  date: 'text COLLATE "C"',
  datetime: 'text COLLATE "C"',
};

/** `_rowid` numbers the rows in primary-key order (as on SQLite), so a keyset page walks its b-tree. */
export const createRowsTableSql = (table: string, schema: FieldSpec[]) =>
  `CREATE TABLE ${quoteIdent(table)} (_rowid bigint PRIMARY KEY, ${schema.map((f) => `${quoteIdent(f.name)} ${pgSqlType[f.type]}`).join(', ')})`;

// PostgreSQL cuts identifiers at 63 bytes (silently, so two long names could collide): a longer index name is
// replaced by one with the field's position, which no field name (they start with a letter) can produce.
const maxIdentifier = 63;
const indexName = (table: string, f: FieldSpec, position: number) => {
  const name = `${table}_${f.name}`;
  return name.length <= maxIdentifier ? name : `${table}_${position}`;
};

/**
 * The same indexes as SQLite's (`indexStatements`): the primary key's unique index and the first six filterable
 * fields, then the table's planner statistics. Nulls first, as SQLite orders them ascending, so an ORDER BY of either direction walks the index; each
 * ends with `_rowid`, as SQLite's indexes end with the rowid, so a page sorted on the field (`_rowid` breaks ties)
 * and a keyset position after it `(field, _rowid) > (?, ?)` are read from the index alone, without a sort.
 */
export function pgIndexStatements(table: string, schema: FieldSpec[]): string[] {
  const pk = primaryKeyOf(schema);
  return [
    `CREATE UNIQUE INDEX ${quoteIdent(`${table}_pk`)} ON ${quoteIdent(table)} (${quoteIdent(pk.name)})`,
    ...indexedFields(schema).map(
      (f) => `CREATE INDEX ${quoteIdent(indexName(table, f, schema.indexOf(f)))} ON ${quoteIdent(table)} (${quoteIdent(f.name)} NULLS FIRST, _rowid)`,
    ),
    // The planner's statistics at once, not after autovacuum's next round: without them a filter's selectivity is
    // a default guess, and the first minutes of a new version's pages were planned as full scans and sorts.
    `ANALYZE ${quoteIdent(table)}`,
  ];
}

/** A value in COPY's text format: `\N` for null, backslash, tab, newline and carriage return escaped. */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  // PostgreSQL text cannot hold U+0000. Refused here, before COPY: postgres.js never settles a COPY the server
  // rejects after the last chunk was sent, so the publish would hang (holding its lock) instead of failing.
  if (s.includes('\u0000')) throw new Error('a text value holds the character U+0000 (NUL), which PostgreSQL cannot store');
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r')) : s;
}

/** A GLOB pattern (`*`, `?`, `[...]`) as an anchored POSIX regular expression, for table names. */
export function globToRegex(glob: string): string {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        out += glob.slice(i, end + 1);
        i = end;
      }
    } else out += /[.^$+(){}|\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return `${out}$`;
}
