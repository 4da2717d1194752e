import type { FieldSpec } from '../../lib/field-spec.js';
import { quoteIdent, type RowValue } from './rows-table.js';
import { sqliteOf, type Connection } from './rows-table.sql.js';

/**
 * A version's rows in primary-key (`_rowid`) order as value arrays in schema order (booleans decoded as
 * `rowDecoder` does), keyset pages of `size`: each page is its own short read, so no statement or snapshot is
 * held while the writers wait on the disk. Starts after `_rowid` `after`; returns the last `_rowid` read.
 */
export function* readValueBatches(c: Connection, table: string, schema: FieldSpec[], size = 2000, after = Number.MIN_SAFE_INTEGER): Generator<RowValue[][], number> {
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  const booleans = schema.flatMap((f, i) => (f.type === 'boolean' ? [i] : []));
  const page = sqliteOf(c).prepare(`SELECT ${cols}, _rowid FROM ${quoteIdent(table)} WHERE _rowid > ? ORDER BY _rowid LIMIT ?`).raw();
  for (;;) {
    const rows = page.all(after, size) as RowValue[][];
    if (rows.length === 0) return after;
    after = rows.at(-1)![schema.length] as number;
    for (const r of rows) {
      r.pop();
      for (const b of booleans) if (r[b] !== null) r[b] = r[b] === 1;
    }
    yield rows;
    if (rows.length < size) return after;
  }
}
