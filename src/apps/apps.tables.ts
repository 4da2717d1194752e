import { tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './apps.table.js';
import * as pg from './apps.pg-table.js';

/** The showcase's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const appsTables = (db: AnyDb) =>
  tablesOf(
    db,
    { apps: sqlite.apps, appDatasets: sqlite.appDatasets, appScreenshots: sqlite.appScreenshots },
    { apps: pg.apps, appDatasets: pg.appDatasets, appScreenshots: pg.appScreenshots },
  );
