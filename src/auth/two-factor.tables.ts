import type { AnyDb } from '../db/engine.js';
import { tablesOf } from '../db/engine.js';
import * as sqlite from './two-factor.table.js';
import * as pg from './two-factor.pg-table.js';

/** The two-factor tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const twoFactorTables = (db: AnyDb) =>
  tablesOf(db, { userTotp: sqlite.userTotp, recoveryCodes: sqlite.recoveryCodes }, { userTotp: pg.userTotp, recoveryCodes: pg.recoveryCodes });
