import type Database from 'better-sqlite3';
import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent, rowDecoder, type Row, type RowValue } from '../records/rows-table.js';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A version's rows in primary-key (`_rowid`) order, page by page with keyset queries: no statement stays
 * open across an await, and requests get the event loop between pages while a large artifact is built.
 */
export async function* readRowBatches(sqlite: Database.Database, table: string, schema: FieldSpec[], size = 1000): AsyncGenerator<Row[]> {
  const decode = rowDecoder(schema);
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  const page = sqlite.prepare(`SELECT _rowid, ${cols} FROM ${quoteIdent(table)} WHERE _rowid > ? ORDER BY _rowid LIMIT ?`);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const raws = page.all(after, size) as Record<string, unknown>[];
    if (raws.length === 0) return;
    after = raws.at(-1)!._rowid as number;
    yield raws.map(decode);
    if (raws.length < size) return;
    await yieldToEventLoop();
  }
}

/**
 * The same rows as value arrays in schema order (booleans decoded as `rowDecoder` does), keyset pages of
 * `size`: each page is its own short read, so no snapshot is held while the writers wait on the disk.
 */
export function* readValueBatches(sqlite: Database.Database, table: string, schema: FieldSpec[], size = 2000): Generator<RowValue[][]> {
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  const booleans = schema.flatMap((f, i) => (f.type === 'boolean' ? [i] : []));
  const page = sqlite.prepare(`SELECT ${cols}, _rowid FROM ${quoteIdent(table)} WHERE _rowid > ? ORDER BY _rowid LIMIT ?`).raw();
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(after, size) as RowValue[][];
    if (rows.length === 0) return;
    after = rows.at(-1)![schema.length] as number;
    for (const r of rows) {
      r.pop();
      for (const b of booleans) if (r[b] !== null) r[b] = r[b] === 1;
    }
    yield rows;
    if (rows.length < size) return;
  }
}
