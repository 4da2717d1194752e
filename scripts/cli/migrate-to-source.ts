import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

// The embedded install `migrate-to` copies from: the data directory's SQLite file, opened read-only (nothing in the
// source is ever written), read inside one transaction so every table comes from the same moment even if a portal
// still writes to it.

export type SourceTable = { name: string; columns: string[] };

export type Source = {
  db: Database.Database;
  file: string;
  /** The app's tables (not SQLite's own, drizzle's journal, full-text shadow tables nor the rows tables). */
  tables: SourceTable[];
  /** Rows tables `ds_<pk>_v<n>` of versions that have one, with their schema as recorded in `versions`. */
  rowsTables: { name: string; datasetPk: number; n: number; schemaJson: string }[];
  /** `sqlite_sequence`: the highest id an AUTOINCREMENT table ever gave, deleted rows included. */
  sequences: Map<string, number>;
  close(): void;
};

const rowsTablePattern = /^ds_(\d+)_v(\d+)$/;

function journalLength(file: URL): { count: number; lastWhen: number } {
  const entries = (JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { when: number }[] }).entries;
  return { count: entries.length, lastWhen: Math.max(...entries.map((e) => e.when)) };
}

export const sqliteJournal = () => journalLength(new URL('../../src/db/migrations/meta/_journal.json', import.meta.url));
export const pgJournal = () => journalLength(new URL('../../src/db/migrations-pg/meta/_journal.json', import.meta.url));

/** Opens the install's database, refusing one that is missing or of another schema version than this code's. */
export function openSource(dataDir: string): Source {
  if (!fs.existsSync(dataDir)) throw new Error(`no such data directory: ${dataDir} (set KAIFANG_DATA_DIR or pass --data-dir)`);
  const file = path.join(dataDir, 'kaifang.db');
  if (!fs.existsSync(file)) throw new Error(`${dataDir} holds no embedded database (kaifang.db): nothing to migrate`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applied = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()
      ? (db.prepare('SELECT COUNT(*) AS count, MAX(created_at) AS last FROM __drizzle_migrations').get() as { count: number; last: number | null })
      : { count: 0, last: null };
    const known = sqliteJournal();
    if (applied.count !== known.count || Number(applied.last) !== known.lastWhen) {
      throw new Error(
        `schema version mismatch: ${file} is at migration ${applied.count}, this Kaifang's is ${known.count}; ` +
          (applied.count < known.count ? 'start the portal on it once (it migrates at start), then run migrate-to again' : 'run migrate-to with the Kaifang release that wrote it'),
      );
    }
    db.exec('BEGIN'); // one snapshot for the whole copy
    const names = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    const virtual = names.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    const isShadow = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
    const tables = names
      .filter((t) => !t.name.startsWith('sqlite_') && t.name !== '__drizzle_migrations' && !isShadow(t.name) && !t.name.startsWith('ds_'))
      .map((t) => ({ name: t.name, columns: (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(t.name) as string[]) }));
    const existing = new Set(names.map((t) => t.name));
    const rowsTables = (db.prepare('SELECT dataset_pk AS datasetPk, n, schema AS schemaJson FROM versions ORDER BY dataset_pk, n').all() as { datasetPk: number; n: number; schemaJson: string }[])
      .map((v) => ({ ...v, name: `ds_${v.datasetPk}_v${v.n}` }))
      .filter((v) => existing.has(v.name));
    const strays = names.map((t) => t.name).filter((n) => rowsTablePattern.test(n) && !rowsTables.some((r) => r.name === n));
    if (strays.length) console.log(`skipped ${strays.length} rows table(s) no version names (left by an interrupted publish): ${strays.join(', ')}`);
    const sequences = new Map(
      existing.has('sqlite_sequence') ? (db.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [r.name, r.seq]) : [],
    );
    return { db, file, tables, rowsTables, sequences, close: () => db.close() };
  } catch (err) {
    db.close();
    throw err;
  }
}

export const countSource = (source: Source, table: string): number =>
  source.db.prepare(`SELECT COUNT(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get() as number;
