import type Database from 'better-sqlite3';
import type { FieldSpec } from '../lib/field-spec.js';
import { segmentForIndex } from '../lib/segment.js';
import { quoteIdent } from './rows-table.js';

export const ftsTableName = (rowsTable: string) => `${rowsTable}_fts`;

const textFields = (schema: FieldSpec[]) => schema.filter((f) => f.type === 'string');

/**
 * The full-text index of one version, built on its first `q` (versions are immutable, so it never
 * goes stale): contentless FTS5 whose rowid is the row's `_rowid`, text pre-segmented like catalog
 * search. Built in one transaction, so a half-built index is never visible. Returns its name.
 */
export function ensureFtsTable(sqlite: Database.Database, rowsTable: string, schema: FieldSpec[]): string {
  const fts = ftsTableName(rowsTable);
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(fts);
  if (exists) return fts;
  const cols = textFields(schema).map((f) => quoteIdent(f.name));
  sqlite.transaction(() => {
    sqlite.exec(`CREATE VIRTUAL TABLE ${quoteIdent(fts)} USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2')`);
    if (!cols.length) return;
    const insert = sqlite.prepare(`INSERT INTO ${quoteIdent(fts)} (rowid, text) VALUES (?, ?)`);
    const rows = sqlite.prepare(`SELECT _rowid, ${cols.join(', ')} FROM ${quoteIdent(rowsTable)}`).raw(true);
    for (const row of rows.all() as unknown[][]) {
      insert.run(row[0], segmentForIndex(row.slice(1).filter((v) => v !== null).join(' ')));
    }
  })();
  return fts;
}
