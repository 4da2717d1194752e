import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PgDb } from '../db/engine.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { segmentForIndex, matchToTsQuery } from '../lib/segment.js';
import { columnPagesPg, quoteIdent } from '../versions/rows/index.js';
import { ftsBuildingName, ftsTableName, textFields, type BuildOptions } from './records.fts.js';

// The full-text tables of versions on PostgreSQL (`<rows table>_fts`): `_rowid` and one tsvector per text field
// (`c0`, `c1`… in schema order, as SQLite's FTS5 columns), of the same jieba words and CJK bigrams segmentForIndex
// writes for FTS5, under the `simple` configuration (the words are already cut), with a GIN index over all of them.
// A search concatenates the tsvectors of the fields the caller may see (positions stay apart, so a phrase never
// spans two fields), which is the indexed expression when the caller sees them all.

/** The tsvector a search reads: the visible text fields' columns, concatenated. */
export const documentOf = (columns: number[]) => (columns.length === 1 ? `c${columns[0]}` : `(${columns.map((i) => `c${i}`).join(' || ')})`);

const exists = async (db: PgDb, table: string) =>
  (await db.$client.unsafe('SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1', [table])).length > 0;

export const ftsReadyPg = (db: PgDb, rowsTable: string): Promise<boolean> => exists(db, ftsTableName(rowsTable));

/**
 * Builds the index of `rowsTable` (in the search-index worker, search-index-pg-worker.ts: segmenting is the CPU work),
 * a batch at a time, into `<table>_fts_building`, indexed and renamed into place when complete. Returns rows indexed.
 */
export async function buildFtsTablePg(db: PgDb, rowsTable: string, schema: FieldSpec[], options: BuildOptions): Promise<number> {
  const texts = textFields(schema);
  if (!texts.length || (await ftsReadyPg(db, rowsTable))) return 0;
  const building = quoteIdent(ftsBuildingName(rowsTable));
  const cols = texts.map((_, i) => `c${i}`);
  await db.$client.unsafe(`DROP TABLE IF EXISTS ${building}`);
  await db.$client.unsafe(`CREATE TABLE ${building} (_rowid bigint PRIMARY KEY, ${cols.map((c) => `${c} tsvector NOT NULL`).join(', ')})`);
  const arrays = cols.map((_, i) => `$${i + 2}::text[]`).join(', ');
  const insert = `INSERT INTO ${building} (_rowid, ${cols.join(', ')}) SELECT r, ${cols.map((c) => `to_tsvector('simple', ${c})`).join(', ')} FROM unnest($1::bigint[], ${arrays}) AS u(r, ${cols.join(', ')})`;
  const read = columnPagesPg(db, rowsTable, texts.map((f) => f.name));
  const size = Math.max(50, options.batchRows);
  let after = Number.MIN_SAFE_INTEGER;
  let count = 0;
  for (;;) {
    const rows = await read(after, size);
    if (!rows.length) break;
    after = rows.at(-1)![0] as number;
    const columns = [rows.map((r) => r[0] as number), ...cols.map((_, i) => rows.map((r) => segmentForIndex(r[i + 1] as string | null)))];
    await db.$client.unsafe(insert, columns as never[], { prepare: true });
    count += rows.length;
    await nextTurn();
  }
  await db.$client.unsafe(`CREATE INDEX ${quoteIdent(`${ftsBuildingName(rowsTable)}_gin`)} ON ${building} USING gin (${documentOf(cols.map((_, i) => i))})`);
  await db.$client.begin(async (tx) => {
    await tx.unsafe(`DROP TABLE IF EXISTS ${quoteIdent(ftsTableName(rowsTable))}`);
    await tx.unsafe(`ALTER TABLE ${building} RENAME TO ${quoteIdent(ftsTableName(rowsTable))}`);
  });
  return count;
}

/** The search condition of `match` over the text fields the caller may see, or null when none is visible. */
export function scopedSearchPg(table: string, match: string, schema: FieldSpec[], visible: FieldSpec[]): { table: string; match: string; columns: number[] } | null {
  const shown = new Set(visible.map((f) => f.name));
  const columns = textFields(schema).flatMap((f, i) => (shown.has(f.name) ? [i] : []));
  return columns.length ? { table, match: matchToTsQuery(match), columns } : null;
}
