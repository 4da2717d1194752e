import type { PgDb } from '../../db/engine.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { quoteIdent, type RowValue } from './rows-table.js';

/**
 * The twin of `readValueBatches`: a version's rows in `_rowid` (primary-key) order as value arrays in schema
 * order, booleans decoded, keyset pages of `size`, each its own short statement, after `after`; returns the last read.
 */
export async function* readValueBatchesPg(db: PgDb, table: string, schema: FieldSpec[], size = 2000, after = Number.MIN_SAFE_INTEGER): AsyncGenerator<RowValue[][], number> {
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  const booleans = schema.flatMap((f, i) => (f.type === 'boolean' ? [i] : []));
  const text = `SELECT ${cols}, _rowid FROM ${quoteIdent(table)} WHERE _rowid > $1 ORDER BY _rowid LIMIT $2`;
  for (;;) {
    const rows = (await db.$client.unsafe(text, [after, size], { prepare: true }).values()) as unknown as RowValue[][];
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
