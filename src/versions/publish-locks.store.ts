import { and, eq, gt, sql } from 'drizzle-orm';
import { isDbOpen, writeWithoutWaiting } from '../db/client.js';
import { builder, execute, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import type { publishLocks as sqlitePublishLocks } from './versions.table.js';
import { versionsTables } from './versions.tables.js';

// The publish_locks table (one row per dataset being published); the rules of the lock are in publish-lock.ts.

export type LockRow = typeof sqlitePublishLocks.$inferSelect;

type LockRecord = { dataset_pk: number; owner: string; n: number; rows_table: string; acquired_at: number; expires_at: number };
const fromRecord = (r: LockRecord): LockRow => ({ datasetPk: r.dataset_pk, owner: r.owner, n: r.n, rowsTable: r.rows_table, acquiredAt: r.acquired_at, expiresAt: r.expires_at });

export async function lockOf(db: AnyDb, datasetPk: number): Promise<LockRow | undefined> {
  const { publishLocks } = versionsTables(db);
  return (await builder(db).select().from(publishLocks).where(eq(publishLocks.datasetPk, datasetPk)).limit(1))[0];
}

/**
 * The dataset's lock row, held for the rest of the caller's unit of work so no other writer can decide on it
 * meanwhile; undefined when nobody holds the lock. On SQLite the unit is an IMMEDIATE transaction, which holds
 * the whole database already. On PostgreSQL the row is locked FOR UPDATE; when there is none yet, an empty one
 * (expired, no owner) is inserted to lock, so two nodes cannot both see "free": the second one's insert waits for
 * the first one's unit of work and then finds its row. The caller either puts its own lock into the row or rolls
 * back, so the empty row is never committed.
 */
export async function lockForUpdate(db: AnyDb, datasetPk: number): Promise<LockRow | undefined> {
  if (!isPg(db)) return lockOf(db, datasetPk);
  const inserted = await execute(db, sql`INSERT INTO publish_locks (dataset_pk, owner, n, rows_table, acquired_at, expires_at)
    VALUES (${datasetPk}, '', 0, '', 0, 0) ON CONFLICT (dataset_pk) DO NOTHING`);
  if (inserted > 0) return undefined;
  const [row] = await rowsOf<LockRecord>(db, sql`SELECT * FROM publish_locks WHERE dataset_pk = ${datasetPk} FOR UPDATE`);
  return row && row.owner !== '' ? fromRecord(row) : undefined;
}

/** The dataset's lock row, locked against a takeover until the caller's unit of work ends (on PostgreSQL; see lockForUpdate). */
export async function heldLockOf(db: AnyDb, datasetPk: number): Promise<LockRow | undefined> {
  if (!isPg(db)) return lockOf(db, datasetPk);
  const [row] = await rowsOf<LockRecord>(db, sql`SELECT * FROM publish_locks WHERE dataset_pk = ${datasetPk} FOR UPDATE`);
  return row ? fromRecord(row) : undefined;
}

/**
 * Holds every dataset's lock row still until the caller's unit of work ends, so no writer takes a lock between
 * the caller's look at the locks and what it does on that ground (dropping tables no live lock names). SQLite's
 * IMMEDIATE transaction does that already; PostgreSQL locks the table against writes (reads go on).
 */
export async function freezeLocks(db: AnyDb): Promise<void> {
  if (isPg(db)) await execute(db, sql`LOCK TABLE publish_locks IN EXCLUSIVE MODE`);
}

/** Takes the row over whoever held it (the caller decided it may, holding the row: lockForUpdate). */
export async function putLock(db: AnyDb, row: LockRow): Promise<void> {
  const { publishLocks } = versionsTables(db);
  const { datasetPk, ...rest } = row;
  await builder(db).insert(publishLocks).values(row).onConflictDoUpdate({ target: publishLocks.datasetPk, set: rest });
}

const held = (db: AnyDb, datasetPk: number, owner: string) => {
  const { publishLocks } = versionsTables(db);
  return and(eq(publishLocks.datasetPk, datasetPk), eq(publishLocks.owner, owner));
};

/** False when `owner` no longer holds the dataset's lock (another writer took it over). */
export async function renewLock(db: AnyDb, datasetPk: number, owner: string, expiresAt: number): Promise<boolean> {
  const { publishLocks } = versionsTables(db);
  return (await builder(db).update(publishLocks).set({ expiresAt }).where(held(db, datasetPk, owner)).returning({ owner: publishLocks.owner })).length > 0;
}

/**
 * renewLock without waiting for SQLite's write lock: 'busy' while another connection holds it (nothing written).
 * PostgreSQL has no database-wide write lock: a guarded UPDATE of the one row, true or false.
 */
export async function renewLockWithoutWaiting(db: AnyDb, datasetPk: number, owner: string, expiresAt: number): Promise<boolean | 'busy'> {
  if (isPg(db)) return renewLock(db, datasetPk, owner, expiresAt);
  const { publishLocks } = versionsTables(db);
  let renewed = false;
  // Synchronous inside: writeWithoutWaiting lowers the busy timeout only while its callback runs.
  const renew = () => void (renewed = db.update(publishLocks).set({ expiresAt }).where(held(db, datasetPk, owner)).run().changes > 0);
  if (!writeWithoutWaiting(db, renew)) return 'busy';
  return renewed;
}

export async function deleteLock(db: AnyDb, datasetPk: number, owner: string): Promise<void> {
  await builder(db).delete(versionsTables(db).publishLocks).where(held(db, datasetPk, owner));
}

/** Deletes the row only as it was read (a renewal since then keeps it). */
export async function deleteLockAsRead(db: AnyDb, row: LockRow): Promise<void> {
  const { publishLocks } = versionsTables(db);
  await builder(db).delete(publishLocks).where(and(held(db, row.datasetPk, row.owner), eq(publishLocks.expiresAt, row.expiresAt)));
}

/** deleteLock, unless the connection is closed already (then the row lapses by itself). */
export async function releaseLock(db: AnyDb, datasetPk: number, owner: string): Promise<void> {
  if (!isPg(db)) {
    if (isDbOpen(db)) await deleteLock(db, datasetPk, owner);
    return;
  }
  try {
    await deleteLock(db, datasetPk, owner);
  } catch (err) {
    // drizzle wraps the client's error (as `cause`); a pool ended at shutdown leaves the row to lapse.
    const code = ((err as { cause?: { code?: string } }).cause ?? (err as { code?: string })).code;
    if (code !== 'CONNECTION_ENDED') throw err;
  }
}

export async function unexpiredLocks(db: AnyDb, now: number): Promise<LockRow[]> {
  const { publishLocks } = versionsTables(db);
  return builder(db).select().from(publishLocks).where(gt(publishLocks.expiresAt, now)).orderBy(publishLocks.datasetPk);
}

export async function allLocks(db: AnyDb): Promise<LockRow[]> {
  const { publishLocks } = versionsTables(db);
  return builder(db).select().from(publishLocks).orderBy(publishLocks.datasetPk);
}
