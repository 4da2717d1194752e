import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { isPg, tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './catalog.table.js';
import * as pg from './catalog.pg-table.js';

/** The catalog's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const catalogTables = (db: AnyDb) =>
  tablesOf(
    db,
    { departments: sqlite.departments, themes: sqlite.themes, datasets: sqlite.datasets, datasetChanges: sqlite.datasetChanges },
    { departments: pg.departments, themes: pg.themes, datasets: pg.datasets, datasetChanges: pg.datasetChanges },
  );

/**
 * A text column ordered by bytes on both engines: SQLite compares text byte-wise, PostgreSQL by the database's
 * collation unless told `COLLATE "C"` (which SQLite does not know).
 */
export const inByteOrder = (db: AnyDb, column: SQLWrapper): SQL => (isPg(db) ? sql`${column} COLLATE "C"` : sql`${column}`);

/** The same for raw SQL text: ` COLLATE "C"` on PostgreSQL, nothing on SQLite. */
export const byteOrder = (db: AnyDb): string => (isPg(db) ? ' COLLATE "C"' : '');
