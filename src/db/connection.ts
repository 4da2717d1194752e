import path from 'node:path';
import { closeDb, migrateDb, openDb, type Db, type SqliteDb } from './client.js';
import { isPg } from './engine.js';
import { closePgDb, migratePgDb, openPgDb } from './pg-client.js';

// The app's connection, on the engine the settings choose: PostgreSQL when KAIFANG_DATABASE_URL is set, else the
// embedded SQLite file in the data directory. Opened and migrated here; the server, the CLI and the tests share it.

export async function openConnection(settings: { dataDir: string; databaseUrl?: string }): Promise<Db> {
  if (settings.databaseUrl) {
    const db = openPgDb(settings.databaseUrl);
    await migratePgDb(db);
    return db;
  }
  const db = openDb(path.join(settings.dataDir, 'kaifang.db'));
  migrateDb(db);
  return db;
}

export async function closeConnection(db: Db): Promise<void> {
  if (isPg(db)) await closePgDb(db);
  else closeDb(db);
}

/** The connection as SQLite, for code that exists only for the embedded database (benches, some CLI commands, tests). */
export function asSqlite(db: Db): SqliteDb {
  if (!('prepare' in db.$client)) throw new Error('This needs the embedded SQLite database; it does not run on PostgreSQL yet.');
  return db as SqliteDb;
}
