import type { AnyDb } from '../db/engine.js';
import { tablesOf } from '../db/engine.js';
import * as sqlite from './keys.table.js';
import * as pg from './keys.pg-table.js';

/** keys' tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const keysTables = (db: AnyDb) =>
  tablesOf(
    db,
    { apiKeys: sqlite.apiKeys, grants: sqlite.grants, apiKeyDailyCounts: sqlite.apiKeyDailyCounts },
    { apiKeys: pg.apiKeys, grants: pg.grants, apiKeyDailyCounts: pg.apiKeyDailyCounts },
  );
