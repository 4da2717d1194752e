import { tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './monitoring.table.js';
import * as pg from './monitoring.pg-table.js';

/** The monitoring loop's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const monitoringTables = (db: AnyDb) =>
  tablesOf(db, { warnings: sqlite.warnings, warningEvents: sqlite.warningEvents }, { warnings: pg.warnings, warningEvents: pg.warningEvents });
