import type { Db, SqliteDb } from './client.js';
import { isPg, type AnyDb, type PgDb } from './engine.js';

// A unit of work over several store functions (of one feature or several), engine-neutral: the work receives `tx`
// and passes it to every store call, so on an engine with interactive transactions (PostgreSQL) `tx` is the
// transaction's own connection. On SQLite `tx` is the connection itself: better-sqlite3 answers every store call
// synchronously, so the work, though written with `await`, runs BEGIN to COMMIT within one turn of the event loop
// and no request's I/O can slip in between. A work that awaited real I/O (a file, a worker, a timer) would hold the
// write lock across turns and let other requests' writes join it; it is committed and then reported as an error naming the
// rule, so the mistake shows in the first test that runs it rather than as a rare lost write.

// Each connection's queue of units of work, keyed by the connection (two apps never share one).
const queues = new WeakMap<Db, Promise<unknown>>();

export type TransactionOptions = {
  /**
   * Take the write lock at BEGIN (SQLite's IMMEDIATE): for a read-then-write, whose deferred transaction would fail
   * at its first write (SQLITE_BUSY) when another process (a CLI publish) wrote in between.
   */
  immediate?: boolean;
};

export async function inTransaction<T, D extends AnyDb = Db>(db: D, work: (tx: D) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (isPg(db)) return inPgTransaction(db, work as (tx: PgDb) => Promise<T>);
  // Units of work on one connection run one after another (two started by the same event would otherwise nest).
  const before = queues.get(db);
  const sqliteWork = work as unknown as (tx: SqliteDb) => Promise<T>;
  const run = (before ?? Promise.resolve()).then(() => runNow(db, sqliteWork, options), () => runNow(db, sqliteWork, options));
  queues.set(db, run.catch(() => undefined));
  return run;
}

// PostgreSQL: the work gets the transaction's own connection (READ COMMITTED). `immediate` has no counterpart there:
// a unit whose read-then-write must not interleave with another node's locks the rows it reads (FOR UPDATE) in
// its store functions.
function inPgTransaction<T>(db: PgDb, work: (tx: PgDb) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(Object.assign(tx, { engine: 'pg' as const, $client: db.$client }) as unknown as PgDb));
}

async function runNow<T>(db: SqliteDb, work: (tx: SqliteDb) => Promise<T>, options: TransactionOptions): Promise<T> {
  const sqlite = db.$client;
  let turnEnded = false;
  const turn = setImmediate(() => (turnEnded = true));
  sqlite.exec(options.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
  try {
    const result = await work(db);
    sqlite.exec('COMMIT');
    // Committed all the same: other requests' writes may have joined it meanwhile, and must not be lost.
    if (turnEnded) throw new Error('A unit of work awaited I/O inside its transaction: do the I/O before inTransaction, then write.');
    return result;
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw err;
  } finally {
    clearImmediate(turn);
  }
}
