import { and, eq, gt } from 'drizzle-orm';
import { isDbOpen, writeWithoutWaiting, type Db } from '../db/client.js';
import { publishLocks } from './versions.table.js';

// The publish_locks table (one row per dataset being published); the rules of the lock are in publish-lock.ts.

export type LockRow = typeof publishLocks.$inferSelect;

export const lockOf = async (db: Db, datasetPk: number): Promise<LockRow | undefined> =>
  db.select().from(publishLocks).where(eq(publishLocks.datasetPk, datasetPk)).get();

/** Takes the row over whoever held it (the caller decided it may, inside the same IMMEDIATE transaction). */
export async function putLock(db: Db, row: LockRow): Promise<void> {
  const { datasetPk, ...rest } = row;
  db.insert(publishLocks).values(row).onConflictDoUpdate({ target: publishLocks.datasetPk, set: rest }).run();
}

const held = (datasetPk: number, owner: string) => and(eq(publishLocks.datasetPk, datasetPk), eq(publishLocks.owner, owner));

/** False when `owner` no longer holds the dataset's lock (another writer took it over). */
export const renewLock = async (db: Db, datasetPk: number, owner: string, expiresAt: number): Promise<boolean> =>
  db.update(publishLocks).set({ expiresAt }).where(held(datasetPk, owner)).run().changes > 0;

/** renewLock without waiting for the write lock: 'busy' while another connection holds it (nothing written). */
export async function renewLockWithoutWaiting(db: Db, datasetPk: number, owner: string, expiresAt: number): Promise<boolean | 'busy'> {
  let renewed = false;
  // Synchronous inside: writeWithoutWaiting lowers the busy timeout only while its callback runs.
  const renew = () => void (renewed = db.update(publishLocks).set({ expiresAt }).where(held(datasetPk, owner)).run().changes > 0);
  if (!writeWithoutWaiting(db, renew)) return 'busy';
  return renewed;
}

export async function deleteLock(db: Db, datasetPk: number, owner: string): Promise<void> {
  db.delete(publishLocks).where(held(datasetPk, owner)).run();
}

/** deleteLock, unless the connection is closed already (then the row lapses by itself). */
export async function releaseLock(db: Db, datasetPk: number, owner: string): Promise<void> {
  if (isDbOpen(db)) await deleteLock(db, datasetPk, owner);
}

export const unexpiredLocks = async (db: Db, now: number): Promise<LockRow[]> => db.select().from(publishLocks).where(gt(publishLocks.expiresAt, now)).all();

export const allLocks = async (db: Db): Promise<LockRow[]> => db.select().from(publishLocks).all();
