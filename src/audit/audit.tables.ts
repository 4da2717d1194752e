import { tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './audit.table.js';
import * as pg from './audit.pg-table.js';

/** The audit trail's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const auditTables = (db: AnyDb) =>
  tablesOf(db, { auditEvents: sqlite.auditEvents, auditArchives: sqlite.auditArchives }, { auditEvents: pg.auditEvents, auditArchives: pg.auditArchives });
