import { sql } from 'drizzle-orm';
import { rowsOf, type PgDb } from '../../db/engine.js';
import { quoteIdent } from './rows-table.js';

/** The indexes of a rows table by the column each one leads with (the twin of `indexesByColumn`). */
export async function indexesByColumnPg(db: PgDb, table: string): Promise<Map<string, string>> {
  const rows = await rowsOf<{ idx: string; col: string }>(
    db,
    sql`SELECT i.relname::text AS idx, a.attname::text AS col
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
         WHERE t.relname = ${table} AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisprimary
         ORDER BY i.relname::text COLLATE "C"`,
  );
  return new Map(rows.map((r) => [r.col, r.idx]));
}

/** Keyset pages of some columns: `read(after, limit)` answers `[_rowid, ...columns]` arrays after `_rowid` `after`. */
export function columnPagesPg(db: PgDb, table: string, columns: string[]): (after: number, limit: number) => Promise<unknown[][]> {
  const text = `SELECT _rowid, ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE _rowid > $1 ORDER BY _rowid LIMIT $2`;
  return async (after, limit) => (await db.$client.unsafe(text, [after, limit], { prepare: true }).values()) as unknown as unknown[][];
}
