import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../lib/errors.js';
import { isProcessAlive } from '../lib/process-alive.js';
import { builder, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { rowsTableName } from './rows/rows-table.js';
import { dropRowsTable, tableExists } from './rows/rows-table.sql.js';
import { highestVersionN, versionExists } from './versions.store.js';
import { allLocks, deleteLockAsRead, freezeLocks, heldLockOf, lockForUpdate, putLock, releaseLock, renewLockWithoutWaiting, unexpiredLocks } from './publish-locks.store.js';

/**
 * A held lock is renewed every 10 s and lapses 60 s after its last renewal. The heavy work runs in
 * workers or in awaited batches, so the event loop turns far more often than every 60 s; a writer that
 * was killed blocks its dataset for at most a minute (on the same host: not at all, see `ownerIsGone`).
 * Nodes on other hosts (several nodes on one PostgreSQL) cannot see each other's processes: for them the
 * lease's expiry is the only sign that a writer is gone.
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
  release: () => Promise<void>;
};

export const newLockOwner = () => `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

/** An owner on this host whose process has exited holds nothing, whatever its expiry says (another host's owner: only its expiry tells). */
export function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  return host === os.hostname() && Number(pid) > 0 && Number(pid) !== process.pid && !isProcessAlive(Number(pid));
}

const inProgress = () =>
  new ApiError(409, 'publish_in_progress', 'Another version of this dataset is being published (by the portal or the command line); try again when it is done.');

/**
 * Takes the dataset's publish lock in one unit of work that holds the lock row (an IMMEDIATE transaction on
 * SQLite, the row locked FOR UPDATE on PostgreSQL: lockForUpdate), so two processes or nodes cannot both see it
 * free, and chooses the version number inside it: one past the highest committed version, past any rows table
 * that exists under that name. A lapsed lock is taken over, and the uncommitted table it named is dropped.
 */
export async function acquirePublishLock(db: AnyDb, datasetPk: number, options: { owner?: string; now?: () => number } = {}): Promise<PublishLock> {
  const owner = options.owner ?? newLockOwner();
  const now = options.now ?? Date.now;
  const n = await inTransaction(db, async (tx) => {
    const held = await lockForUpdate(tx, datasetPk);
    if (held && held.expiresAt > now() && !ownerIsGone(held.owner)) throw inProgress();
    if (held && !(await versionExists(tx, datasetPk, held.n)) && held.rowsTable === rowsTableName(datasetPk, held.n)) {
      await dropRowsTable(builder(tx), held.rowsTable);
    }
    let n = (await highestVersionN(tx, datasetPk)) + 1;
    while (await tableExists(builder(tx), rowsTableName(datasetPk, n))) n++;
    const at = now();
    await putLock(tx, { datasetPk, owner, n, rowsTable: rowsTableName(datasetPk, n), acquiredAt: at, expiresAt: at + lockTtlMs });
    return n;
  }, { immediate: true });
  const rowsTable = rowsTableName(datasetPk, n);
  let lost = false;
  const heartbeat = setInterval(() => {
    // Never waits: the publish's own workers hold the write lock for up to one index build at a time, and a wait
    // here would stop the serving thread; busy now, it tries again next beat (six beats fit in the lock's life).
    renewLockWithoutWaiting(db, datasetPk, owner, now() + lockTtlMs).then(
      (renewed) => void (renewed === false && (lost = true)),
      () => {}, // a closed connection or another failure: the next beat tries again, or the lock lapses
    );
  }, heartbeatMs);
  heartbeat.unref();
  return {
    datasetPk,
    owner,
    n,
    rowsTable,
    lost: () => lost,
    async release() {
      clearInterval(heartbeat);
      // Closed under a running publish (shutdown): the row lapses by itself, or is taken over since this process is gone.
      await releaseLock(db, datasetPk, owner);
    },
  };
}

/**
 * Throws unless `owner` still holds the lock; call it inside the transaction that depends on it (on PostgreSQL
 * the row then stays locked until that transaction ends, so no takeover slips in before its commit).
 */
export async function assertLockHeld(db: AnyDb, datasetPk: number, owner: string): Promise<void> {
  if ((await heldLockOf(db, datasetPk))?.owner !== owner) throw inProgress();
}

/**
 * Drops the attempt's own table, and only while it still holds the lock and the table is not a committed
 * version (a writer that lapsed must not drop what a newer writer created under the same name).
 */
export async function dropAttemptTable(db: AnyDb, lock: AttemptOf): Promise<void> {
  await inTransaction(db, async (tx) => {
    if ((await heldLockOf(tx, lock.datasetPk))?.owner !== lock.owner || (await versionExists(tx, lock.datasetPk, lock.n))) return;
    await dropRowsTable(builder(tx), lock.rowsTable);
  }, { immediate: true });
}

/** Tables named by a lock that is still live (some process is writing them): never orphans. */
export async function liveLockTables(db: AnyDb, now = Date.now()): Promise<Set<string>> {
  return new Set((await unexpiredLocks(db, now)).filter((r) => !ownerIsGone(r.owner)).map((r) => r.rowsTable));
}

/**
 * Removes locks that lapsed or whose process on this host is gone; returns how many. Call it inside a unit of
 * work: from here to its end no writer takes a lock (freezeLocks), so what the caller then reads of the live
 * locks stays true while it acts on it. A lock renewed since it was read is kept.
 */
export async function clearExpiredLocks(db: AnyDb, now = Date.now()): Promise<number> {
  await freezeLocks(db);
  const stale = (await allLocks(db)).filter((r) => r.expiresAt <= now || ownerIsGone(r.owner));
  for (const r of stale) await deleteLockAsRead(db, r);
  return stale.length;
}
