import type { AnyDb } from '../db/engine.js';
import { tablesOf } from '../db/engine.js';
import * as sqlite from './usage.table.js';
import * as pg from './usage.pg-table.js';

/**
 * usage's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). is_robot and is_demo
 * are 0/1 integers on PostgreSQL but booleans to drizzle on SQLite: compare them in SQL (`= 1`), never through the builder.
 */
export const usageTables = (db: AnyDb) =>
  tablesOf(
    db,
    { usageEvents: sqlite.usageEvents, usageDaily: sqlite.usageDaily, usageUnique: sqlite.usageUnique },
    { usageEvents: pg.usageEvents, usageDaily: pg.usageDaily, usageUnique: pg.usageUnique },
  );
