import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import type { AnyDb } from './engine.js';

// The database client: the one file besides the features' store files that holds the connection itself
// (opening it with its pragmas, migrating, closing, the write that must not wait for the lock).
// It knows no feature: queries name their tables (each feature's *.table.ts), and no code uses drizzle's
// relational `db.query`, so the connection is not typed with the whole schema (drizzle.config.ts finds the
// tables by file name for the migrations).

/** The embedded SQLite connection (better-sqlite3 behind drizzle). */
export type SqliteDb = BetterSQLite3Database & { $client: Database.Database };
/** The app's connection, either engine (src/db/engine.ts): what services and stores take. */
export type Db = AnyDb;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export function openDb(file: string): SqliteDb {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('mmap_size = 268435456');
  return drizzle(sqlite);
}

export function migrateDb(db: SqliteDb): void {
  migrate(db, { migrationsFolder });
}

export function closeDb(db: SqliteDb): void {
  db.$client.close();
}

/** False once the connection is closed (a timer firing after shutdown must not touch it). */
export const isDbOpen = (db: SqliteDb): boolean => db.$client.open;

/**
 * Runs a write that must not wait for the write lock: on the serving thread a wait blocks every request, and a
 * publish's workers hold the lock for up to one index build at a time. Returns false when the database was busy
 * (the caller tries again later); other errors are thrown.
 */
export function writeWithoutWaiting(connection: SqliteDb | Database.Database, write: () => void): boolean {
  const sqlite = '$client' in connection ? connection.$client : connection;
  const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    write();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
    throw err;
  } finally {
    if (sqlite.open) sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

