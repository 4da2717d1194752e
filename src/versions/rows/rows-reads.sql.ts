import { quoteIdent } from './rows-table.js';
import { sqliteOf, type Connection } from './rows-table.sql.js';

// What other features read of a rows table besides the records API's own queries: its indexes, and keyset pages of some columns.

/** The indexes of a rows table by the column each one leads with. */
export function indexesByColumn(c: Connection, table: string): Map<string, string> {
  const rows = sqliteOf(c)
    .prepare('SELECT il.name AS idx, ii.name AS col FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0')
    .all(table) as { idx: string; col: string }[];
  return new Map(rows.map((r) => [r.col, r.idx]));
}

/**
 * Keyset pages of a rows table: `read(after, limit)` answers up to `limit` rows after `_rowid` `after`, in `_rowid`
 * order, as value arrays `[_rowid, ...columns]` (raw SQLite values). The statement is prepared once per reader.
 */
export function columnPages(c: Connection, table: string, columns: string[]): (after: number, limit: number) => unknown[][] {
  const page = sqliteOf(c).prepare(`SELECT _rowid, ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE _rowid > ? ORDER BY _rowid LIMIT ?`).raw(true);
  return (after, limit) => page.all(after, limit) as unknown[][];
}
