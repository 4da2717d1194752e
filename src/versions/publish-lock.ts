import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../lib/errors.js';
import { isProcessAlive } from '../lib/process-alive.js';
import type { Db } from '../db/client.js';
import { rowsTableName } from './rows/rows-table.js';
import { dropRowsTable, tableExists } from './rows/rows-table.sql.js';
import { highestVersionN, versionExists } from './versions.store.js';
import { allLocks, deleteLock, lockOf, putLock, releaseLock, renewLockWithoutWaiting, unexpiredLocks } from './publish-locks.store.js';

/**
 * A held lock is renewed every 10 s and lapses 60 s after its last renewal. The heavy work runs in
 * workers or in awaited batches, so the event loop turns far more often than every 60 s; a writer that
 * was killed blocks its dataset for at most a minute (on the same host: not at all, see `ownerIsGone`).
 */
export const lockTtlMs = 60_000;
export const heartbeatMs = 10_000;

/** What names an attempt: enough for a worker to drop its table (dropAttemptTable). */
export type AttemptOf = Pick<PublishLock, 'datasetPk' | 'owner' | 'n' | 'rowsTable'>;

export type PublishLock = {
  datasetPk: number;
  owner: string;
  /** The version number this attempt publishes, chosen inside the lock. */
  n: number;
  /** The only table this attempt's cleanup may drop. */
  rowsTable: string;
  /** True once another writer has taken the lock over (this one lapsed): stop, commit nothing, drop nothing. */
  lost: () => boolean;
  release: () => void;
};

export const newLockOwner = () => `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

/** An owner on this host whose process has exited holds nothing, whatever its expiry says. */
export function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  return host === os.hostname() && Number(pid) > 0 && Number(pid) !== process.pid && !isProcessAlive(Number(pid));
}

const inProgress = () =>
  new ApiError(409, 'publish_in_progress', 'Another version of this dataset is being published (by the portal or the command line); try again when it is done.');

/**
 * Takes the dataset's publish lock in one IMMEDIATE transaction (so two processes cannot both see it free)
 * and chooses the version number inside it: one past the highest committed version, past any rows table
 * that exists under that name. A lapsed lock is taken over, and the uncommitted table it named is dropped.
 */
export function acquirePublishLock(db: Db, datasetPk: number, options: { owner?: string; now?: () => number } = {}): PublishLock {
  const owner = options.owner ?? newLockOwner();
  const now = options.now ?? Date.now;
  const n = db.transaction(() => {
    const held = lockOf(db, datasetPk);
    if (held && held.expiresAt > now() && !ownerIsGone(held.owner)) throw inProgress();
    if (held && !versionExists(db, datasetPk, held.n) && held.rowsTable === rowsTableName(datasetPk, held.n)) {
      dropRowsTable(db, held.rowsTable);
    }
    let n = highestVersionN(db, datasetPk) + 1;
    while (tableExists(db, rowsTableName(datasetPk, n))) n++;
    const at = now();
    putLock(db, { datasetPk, owner, n, rowsTable: rowsTableName(datasetPk, n), acquiredAt: at, expiresAt: at + lockTtlMs });
    return n;
  }, { behavior: 'immediate' });
  const rowsTable = rowsTableName(datasetPk, n);
  let lost = false;
  const heartbeat = setInterval(() => {
    // Never waits: the publish's own workers hold the write lock for up to one index build at a time, and a wait
    // here would stop the serving thread; busy now, it tries again next beat (six beats fit in the lock's life).
    try {
      if (renewLockWithoutWaiting(db, datasetPk, owner, now() + lockTtlMs) === false) lost = true;
    } catch {
      // A closed connection or another failure: the next beat tries again, or the lock lapses.
    }
  }, heartbeatMs);
  heartbeat.unref();
  return {
    datasetPk,
    owner,
    n,
    rowsTable,
    lost: () => lost,
    release() {
      clearInterval(heartbeat);
      // Closed under a running publish (shutdown): the row lapses by itself, or is taken over since this process is gone.
      releaseLock(db, datasetPk, owner);
    },
  };
}

/** Throws unless `owner` still holds the lock; call it inside the transaction that depends on it. */
export function assertLockHeld(db: Db, datasetPk: number, owner: string): void {
  if (lockOf(db, datasetPk)?.owner !== owner) throw inProgress();
}

/**
 * Drops the attempt's own table, and only while it still holds the lock and the table is not a committed
 * version (a writer that lapsed must not drop what a newer writer created under the same name).
 */
export function dropAttemptTable(db: Db, lock: AttemptOf): void {
  db.transaction(() => {
    if (lockOf(db, lock.datasetPk)?.owner !== lock.owner || versionExists(db, lock.datasetPk, lock.n)) return;
    dropRowsTable(db, lock.rowsTable);
  }, { behavior: 'immediate' });
}

/** Tables named by a lock that is still live (some process is writing them): never orphans. */
export function liveLockTables(db: Db, now = Date.now()): Set<string> {
  return new Set(unexpiredLocks(db, now).filter((r) => !ownerIsGone(r.owner)).map((r) => r.rowsTable));
}

/** Removes locks that lapsed or whose process on this host is gone; returns how many. */
export function clearExpiredLocks(db: Db, now = Date.now()): number {
  const stale = allLocks(db).filter((r) => r.expiresAt <= now || ownerIsGone(r.owner));
  for (const r of stale) deleteLock(db, r.datasetPk, r.owner);
  return stale.length;
}
