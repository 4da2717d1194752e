import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../db/client.js';

/**
 * The database file the version workers open (null for an in-memory database, which no other thread can
 * reach: its work stays on the serving thread).
 */
export const workerDbFile = (db: Db): string | null => (db.$client.memory ? null : db.$client.name);

/**
 * A worker's connection of its own: WAL lets the serving thread read on. No memory map (the pages stay in the
 * OS cache instead of this process's resident set); a bounded cache; temp b-trees (index sorts) on disk.
 */
export function openWorkerDb(file: string): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -32768');
  sqlite.pragma('temp_store = FILE');
  sqlite.pragma('mmap_size = 0');
  return sqlite;
}

/** The same connection behind drizzle, for a worker job that calls the store functions the serving thread uses. */
export function openWorkerDrizzle(file: string): Db {
  return drizzle(openWorkerDb(file));
}

export function closeWorkerDrizzle(db: Db): void {
  db.$client.close();
}
