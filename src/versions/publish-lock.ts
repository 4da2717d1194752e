import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiError } from '../lib/errors.js';
import { quoteIdent, rowsTableName, tableExists } from '../records/rows-table.js';
import { isProcessAlive } from '../lib/process-alive.js';
import { writeWithoutWaiting } from '../db/client.js';

/**
 * A held lock is renewed every 10 s and lapses 60 s after its last renewal. The heavy work runs in
 * workers or in awaited batches, so the event loop turns far more often than every 60 s; a writer that
 * was killed blocks its dataset for at most a minute (on the same host: not at all, see `ownerIsGone`).
 */
export const lockTtlMs = 60_000;
export const heartbeatMs = 10_000;

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

type LockRow = { dataset_pk: number; owner: string; n: number; rows_table: string; acquired_at: number; expires_at: number };

export const newLockOwner = () => `${os.hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

/** An owner on this host whose process has exited holds nothing, whatever its expiry says. */
export function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  return host === os.hostname() && Number(pid) > 0 && Number(pid) !== process.pid && !isProcessAlive(Number(pid));
}

const isCommitted = (sqlite: Database.Database, datasetPk: number, n: number) =>
  Boolean(sqlite.prepare('SELECT 1 FROM versions WHERE dataset_pk = ? AND n = ?').get(datasetPk, n));

/** A rows table and the full-text table built beside it. */
export function dropRowsTable(sqlite: Database.Database, table: string): void {
  sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(`${table}_fts`)}`);
  sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
}

const inProgress = () =>
  new ApiError(409, 'publish_in_progress', 'Another version of this dataset is being published (by the portal or the command line); try again when it is done.');

/**
 * Takes the dataset's publish lock in one IMMEDIATE transaction (so two processes cannot both see it free)
 * and chooses the version number inside it: one past the highest committed version, past any rows table
 * that exists under that name. A lapsed lock is taken over, and the uncommitted table it named is dropped.
 */
export function acquirePublishLock(sqlite: Database.Database, datasetPk: number, options: { owner?: string; now?: () => number } = {}): PublishLock {
  const owner = options.owner ?? newLockOwner();
  const now = options.now ?? Date.now;
  const take = sqlite.transaction(() => {
    const held = sqlite.prepare('SELECT * FROM publish_locks WHERE dataset_pk = ?').get(datasetPk) as LockRow | undefined;
    if (held && held.expires_at > now() && !ownerIsGone(held.owner)) throw inProgress();
    if (held && !isCommitted(sqlite, datasetPk, held.n) && held.rows_table === rowsTableName(datasetPk, held.n)) {
      dropRowsTable(sqlite, held.rows_table);
    }
    let n = (sqlite.prepare('SELECT COALESCE(MAX(n), 0) FROM versions WHERE dataset_pk = ?').pluck().get(datasetPk) as number) + 1;
    while (tableExists(sqlite, rowsTableName(datasetPk, n))) n++;
    const at = now();
    sqlite
      .prepare('INSERT OR REPLACE INTO publish_locks (dataset_pk, owner, n, rows_table, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(datasetPk, owner, n, rowsTableName(datasetPk, n), at, at + lockTtlMs);
    return n;
  });
  const n = take.immediate();
  const rowsTable = rowsTableName(datasetPk, n);
  let lost = false;
  const renew = sqlite.prepare('UPDATE publish_locks SET expires_at = ? WHERE dataset_pk = ? AND owner = ?');
  const heartbeat = setInterval(() => {
    // Never waits: the publish's own workers hold the write lock for up to one index build at a time, and a wait
    // here would stop the serving thread; busy now, it tries again next beat (six beats fit in the lock's life).
    try {
      writeWithoutWaiting(sqlite, () => {
        if (renew.run(now() + lockTtlMs, datasetPk, owner).changes === 0) lost = true;
      });
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
      if (sqlite.open) sqlite.prepare('DELETE FROM publish_locks WHERE dataset_pk = ? AND owner = ?').run(datasetPk, owner);
    },
  };
}

/** Throws unless `owner` still holds the lock; call it inside the transaction that depends on it. */
export function assertLockHeld(sqlite: Database.Database, datasetPk: number, owner: string): void {
  const held = sqlite.prepare('SELECT owner FROM publish_locks WHERE dataset_pk = ?').pluck().get(datasetPk) as string | undefined;
  if (held !== owner) throw inProgress();
}

/**
 * Drops the attempt's own table, and only while it still holds the lock and the table is not a committed
 * version (a writer that lapsed must not drop what a newer writer created under the same name).
 */
export function dropAttemptTable(sqlite: Database.Database, lock: PublishLock): void {
  sqlite
    .transaction(() => {
      const held = sqlite.prepare('SELECT owner FROM publish_locks WHERE dataset_pk = ?').pluck().get(lock.datasetPk);
      if (held !== lock.owner || isCommitted(sqlite, lock.datasetPk, lock.n)) return;
      dropRowsTable(sqlite, lock.rowsTable);
    })
    .immediate();
}

/** Tables named by a lock that is still live (some process is writing them): never orphans. */
export function liveLockTables(sqlite: Database.Database, now = Date.now()): Set<string> {
  const rows = sqlite.prepare('SELECT owner, rows_table FROM publish_locks WHERE expires_at > ?').all(now) as { owner: string; rows_table: string }[];
  return new Set(rows.filter((r) => !ownerIsGone(r.owner)).map((r) => r.rows_table));
}

/** Removes locks that lapsed or whose process on this host is gone; returns how many. */
export function clearExpiredLocks(sqlite: Database.Database, now = Date.now()): number {
  const rows = sqlite.prepare('SELECT dataset_pk, owner, expires_at FROM publish_locks').all() as { dataset_pk: number; owner: string; expires_at: number }[];
  const stale = rows.filter((r) => r.expires_at <= now || ownerIsGone(r.owner));
  const del = sqlite.prepare('DELETE FROM publish_locks WHERE dataset_pk = ? AND owner = ?');
  for (const r of stale) del.run(r.dataset_pk, r.owner);
  return stale.length;
}
