import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { isPg, tablesOf, type AnyDb } from '../db/engine.js';
import * as sqlite from './demand.table.js';
import * as pg from './demand.pg-table.js';

/** The demand board's tables on this connection's engine (the PostgreSQL twins typed as the SQLite ones). */
export const demandTables = (db: AnyDb) =>
  tablesOf(
    db,
    {
      demands: sqlite.demands, demandItems: sqlite.demandItems, demandEvents: sqlite.demandEvents, demandComments: sqlite.demandComments,
      demandVotes: sqlite.demandVotes, deliveries: sqlite.deliveries, cartItems: sqlite.cartItems, notifications: sqlite.notifications,
    },
    {
      demands: pg.demands, demandItems: pg.demandItems, demandEvents: pg.demandEvents, demandComments: pg.demandComments,
      demandVotes: pg.demandVotes, deliveries: pg.deliveries, cartItems: pg.cartItems, notifications: pg.notifications,
    },
  );

/**
 * A text column (or expression) compared in byte order, as SQLite compares text: PostgreSQL orders text by the
 * database's collation (linguistic, case-folded, punctuation ignored) unless told "C".
 */
export const bytewise = (db: AnyDb, text: SQLWrapper): SQL => (isPg(db) ? sql`${text} COLLATE "C"` : sql`${text}`);

/**
 * Whether an id from a request can name a row: the serial ids are 32-bit integers (PostgreSQL's integer), and
 * PostgreSQL refuses a larger parameter where SQLite would just find nothing.
 */
export const isRowId = (id: number): boolean => Number.isInteger(id) && id >= -2_147_483_648 && id <= 2_147_483_647;
