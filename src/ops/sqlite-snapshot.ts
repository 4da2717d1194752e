import fs from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { SqliteDb } from '../db/client.js';

/**
 * Copies a live SQLite database with SQLite's online backup API in ONE step: the step reads inside one read
 * transaction, so the copy is the database as of one commit. Under WAL a reader blocks no writer (a publish in
 * the portal goes on; only its checkpoints wait for the copy to end). A multi-step copy would instead restart
 * whenever another process commits, and might never finish under a long publish.
 * The copy is then switched to a rollback journal: one self-contained file, no -wal or -shm beside it.
 */
export async function snapshotSqlite(sourceFile: string, targetFile: string): Promise<{ pages: number; copiedAt: Date }> {
  if (fs.existsSync(targetFile)) throw new Error(`${targetFile} exists already`);
  const source = new Database(sourceFile, { fileMustExist: true });
  let copiedAt = new Date();
  try {
    source.pragma('busy_timeout = 5000');
    const result = await source.backup(targetFile, {
      progress: () => {
        copiedAt = new Date();
        return 0x7fffffff; // everything in the next step, the first one that copies pages
      },
    });
    const target = new Database(targetFile);
    try {
      target.pragma('journal_mode = DELETE');
      const check = target.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy of ${sourceFile} fails SQLite's quick_check: ${String(check)}`);
    } finally {
      target.close();
    }
    return { pages: result.totalPages, copiedAt };
  } finally {
    source.close();
  }
}

/** Opens a copied database (not migrated, rollback journal kept): for reading what a backup holds. */
export function openCopy(file: string): SqliteDb {
  const sqlite = new Database(file, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return drizzle(sqlite) as SqliteDb;
}

/** How far the copy's schema is migrated: drizzle's journal of applied migrations. */
export function appliedMigrations(db: SqliteDb): { migrations: number; last_migration_at: number | null } {
  const sqlite = db.$client;
  const known = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!known) return { migrations: 0, last_migration_at: null };
  const row = sqlite.prepare('SELECT COUNT(*) AS count, MAX(created_at) AS last FROM __drizzle_migrations').get() as { count: number; last: number | string | null };
  return { migrations: row.count, last_migration_at: row.last === null ? null : Number(row.last) };
}
