import type Database from 'better-sqlite3';
import type { Db, SqliteDb } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { segmentForIndex } from '../lib/segment.js';
import { quoteIdent, columnPages } from '../versions/rows/index.js';
import { ftsBuildingName, ftsTableName, textFields, type BuildOptions } from './records.fts.js';

// The full-text tables of versions (`<rows table>_fts`, FTS5: drizzle cannot declare them). Functions take the
// app's connection or a search-index worker's own.

export type Connection = Db | Database.Database;
const sqliteOf = (c: Connection): Database.Database => ('$client' in c ? (c as SqliteDb).$client : c);

const tokenizer = "tokenize = 'unicode61 remove_diacritics 2'";

/** The index's state: absent, or built by the earlier code as one `text` column of all fields (which cannot honour grants). */
export function ftsState(c: Connection, rowsTable: string): 'ready' | 'absent' | 'old_layout' {
  const sql = sqliteOf(c).prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(ftsTableName(rowsTable)) as string | undefined;
  if (!sql) return 'absent';
  return /fts5\s*\(\s*c0\b/i.test(sql) ? 'ready' : 'old_layout';
}

/**
 * Builds the index of `rowsTable` (on a worker's own connection, or the app's in-memory one). Segmenting runs
 * outside any transaction and each batch is written in its own short one, so the serving thread's writers
 * (usage flushes, sign-ins) never wait long for SQLite's write lock. The finished table is renamed
 * into place, replacing an old-layout index, in one transaction. Returns rows indexed.
 */
export function buildFtsTable(c: Connection, rowsTable: string, schema: FieldSpec[], options: BuildOptions): number {
  const sqlite = sqliteOf(c);
  const final = ftsTableName(rowsTable);
  const building = ftsBuildingName(rowsTable);
  const texts = textFields(schema);
  if (!texts.length || ftsState(sqlite, rowsTable) === 'ready') return 0;
  const cols = texts.map((_, i) => `c${i}`);
  // A leftover of a build that was killed is started again.
  sqlite.transaction(() => {
    sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(building)}`);
    sqlite.exec(`CREATE VIRTUAL TABLE ${quoteIdent(building)} USING fts5(${cols.join(', ')}, content = '', ${tokenizer})`);
  }).immediate();
  const read = columnPages(sqlite, rowsTable, texts.map((f) => f.name));
  const insert = sqlite.prepare(`INSERT INTO ${quoteIdent(building)} (rowid, ${cols.join(', ')}) VALUES (?${', ?'.repeat(cols.length)})`);
  const write = sqlite.transaction((batch: unknown[][]) => {
    for (const row of batch) insert.run(row);
  });
  const txMs = options.txMs ?? 5;
  let size = options.batchRows;
  let after: number = Number.MIN_SAFE_INTEGER;
  let count = 0;
  for (;;) {
    const rows = read(after, size);
    if (!rows.length) break;
    after = rows.at(-1)![0] as number;
    const segmented = rows.map((r) => [r[0], ...r.slice(1).map((v) => segmentForIndex(v as string | null))]);
    const started = performance.now();
    write.immediate(segmented);
    const ms = performance.now() - started;
    size = Math.round(Math.min(5000, Math.max(50, size * Math.min(2, Math.max(0.5, txMs / Math.max(ms, 0.1))))));
    count += rows.length;
    // The connection whose commit finds the WAL over 1000 pages copies it back (with an fsync): the
    // builder does that itself, so the serving thread's next small commit does not inherit the job.
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  }
  sqlite.transaction(() => {
    sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(final)}`);
    sqlite.exec(`ALTER TABLE ${quoteIdent(building)} RENAME TO ${quoteIdent(final)}`);
  }).immediate();
  return count;
}
