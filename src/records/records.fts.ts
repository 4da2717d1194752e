import type Database from 'better-sqlite3';
import type { FieldSpec } from '../lib/field-spec.js';
import { segmentForIndex } from '../lib/segment.js';
import { quoteIdent } from '../versions/rows/rows-table.js';

/**
 * The full-text index of one version: a contentless FTS5 table whose rowid is the row's `_rowid`,
 * with one column per text field (`c0`, `c1`... in schema order: field names such as `rank` are
 * reserved in FTS5), so a search can be limited to the fields a grant shows. Versions are
 * immutable, so an index never goes stale. Built in a worker (search-index.ts), never on a request.
 */
export const ftsTableName = (rowsTable: string) => `${rowsTable}_fts`;
/** Where a build writes; renamed to `ftsTableName` when complete, so a half-built index is never read. */
export const ftsBuildingName = (rowsTable: string) => `${rowsTable}_fts_building`;

export const textFields = (schema: FieldSpec[]) => schema.filter((f) => f.type === 'string');

const tokenizer = "tokenize = 'unicode61 remove_diacritics 2'";

/** The index's state: absent, or built by the earlier code as one `text` column of all fields (which cannot honour grants). */
export function ftsState(sqlite: Database.Database, rowsTable: string): 'ready' | 'absent' | 'old_layout' {
  const sql = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(ftsTableName(rowsTable)) as string | undefined;
  if (!sql) return 'absent';
  return /fts5\s*\(\s*c0\b/i.test(sql) ? 'ready' : 'old_layout';
}

/**
 * The MATCH expression limited to the FTS columns of the `visible` fields (all of them: no filter),
 * or null when none of the visible fields is text (nothing can match).
 */
export function scopedMatch(match: string, schema: FieldSpec[], visible: FieldSpec[]): string | null {
  const texts = textFields(schema);
  const shown = new Set(visible.map((f) => f.name));
  const columns = texts.flatMap((f, i) => (shown.has(f.name) ? [`c${i}`] : []));
  if (!columns.length) return null;
  return columns.length === texts.length ? match : `{${columns.join(' ')}} : (${match})`;
}

/** `batchRows`: rows in the first write transaction; later ones are sized to hold the write lock about `txMs`. */
export type BuildOptions = { batchRows: number; txMs?: number };

/**
 * Builds the index of `rowsTable` on `sqlite` (the worker's own connection). Segmenting runs outside
 * any transaction and each batch is written in its own short one, so the serving thread's writers
 * (usage flushes, sign-ins) never wait long for SQLite's write lock. The finished table is renamed
 * into place, replacing an old-layout index, in one transaction. Returns rows indexed.
 */
export function buildFtsTable(sqlite: Database.Database, rowsTable: string, schema: FieldSpec[], options: BuildOptions): number {
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
  const read = sqlite.prepare(`SELECT _rowid, ${texts.map((f) => quoteIdent(f.name)).join(', ')} FROM ${quoteIdent(rowsTable)} WHERE _rowid > ? ORDER BY _rowid LIMIT ?`).raw(true);
  const insert = sqlite.prepare(`INSERT INTO ${quoteIdent(building)} (rowid, ${cols.join(', ')}) VALUES (?${', ?'.repeat(cols.length)})`);
  const write = sqlite.transaction((batch: unknown[][]) => {
    for (const row of batch) insert.run(row);
  });
  const txMs = options.txMs ?? 5;
  let size = options.batchRows;
  let after: number = Number.MIN_SAFE_INTEGER;
  let count = 0;
  for (;;) {
    const rows = read.all(after, size) as unknown[][];
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

