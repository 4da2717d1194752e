import { tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './versions.table.js';
import * as pg from './versions.pg-table.js';

/** The versions feature's own tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const versionsTables = (db: AnyDb) =>
  tablesOf(db, { versions: sqlite.versions, publishLocks: sqlite.publishLocks }, { versions: pg.versions, publishLocks: pg.publishLocks });
