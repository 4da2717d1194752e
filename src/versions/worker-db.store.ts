import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db, SqliteDb } from '../db/client.js';
import { isPg } from '../db/engine.js';

/**
 * The database file the version workers open (null for an in-memory database, which no other thread can
 * reach, and for PostgreSQL, whose workers are not wired yet: the work stays on the serving thread).
 */
export const workerDbFile = (db: Db): string | null => (isPg(db) || db.$client.memory ? null : db.$client.name);

/**
 * A worker's connection of its own: WAL lets the serving thread read on. No memory map (the pages stay in the
 * OS cache instead of this process's resident set); a bounded cache; temp b-trees (index sorts) on disk.
 */
export function openWorkerDb(file: string, options: { cacheKb?: number } = {}): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`cache_size = -${options.cacheKb ?? 32768}`);
  sqlite.pragma('temp_store = FILE');
  sqlite.pragma('mmap_size = 0');
  return sqlite;
}

/** The same connection behind drizzle, for a worker job that calls the store functions the serving thread uses. */
export function openWorkerDrizzle(file: string): SqliteDb {
  return drizzle(openWorkerDb(file));
}

export function closeWorkerDrizzle(db: SqliteDb): void {
  db.$client.close();
}
