import type Database from 'better-sqlite3';
import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent, rowDecoder, type Row } from '../records/rows-table.js';

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
