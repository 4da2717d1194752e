import type { AnyDb } from '../db/engine.js';
import { tablesOf } from '../db/engine.js';
import * as sqlite from './auth.table.js';
import * as pg from './auth.pg-table.js';

/** auth's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const authTables = (db: AnyDb) => tablesOf(db, { users: sqlite.users, sessions: sqlite.sessions }, { users: pg.users, sessions: pg.sessions });
