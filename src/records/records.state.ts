import type { AppDeps } from '../app-deps.js';
import type { Db } from '../db/client.js';
import { isPg } from '../db/engine.js';
import type { Logger } from '../lib/context.js';
import { workerDbFile, workerDbOf } from '../versions/index.js';
import { createQueryPool } from './query-pool.js';
import { openBudgetedReads } from './records-budget.pg.js';
import { createCostModel } from './records.cost.js';
import { createRecordsReader, type RecordsReader } from './records.service.js';
import { createTargetResolver, type TargetResolver } from './records.target.js';
import { createSearchIndexer } from './search-index.js';

export type RecordsState = {
  resolver: TargetResolver;
  /** The one reader of the app: expensive queries of the records API and of the demand board's snapshots share its workers. */
  reader: RecordsReader;
  /** Ends the query workers (or the PostgreSQL records pool) and the search index worker; queries still queued are refused. */
  close(): Promise<void>;
};

/**
 * The records feature's state, built once per app by createApp: the version resolver, the reader, its query workers
 * (SQLite) or its own pool whose statements stop at the budget (PostgreSQL), and the search indexer.
 */
export function createRecordsState(db: Db, options: { log: Logger; budgetMs: number; env?: AppDeps['env'] }): RecordsState {
  // PostgreSQL: the records pool and the index builds connect by the settings' URL (else the open connection's).
  const url = isPg(db) ? (workerDbOf({ db, ...(options.env ? { env: options.env } : {}) }) as { url: string }).url : null;
  // Workers open the database file themselves; an in-memory database (some scripts) reads everything here.
  const file = workerDbFile(db);
  const pool = file && !isPg(db) ? createQueryPool({ file, log: options.log, budgetMs: options.budgetMs }) : null;
  const budgeted = url ? openBudgetedReads(url, options.budgetMs) : undefined;
  const search = createSearchIndexer(db, { log: options.log, ...(url ? { databaseUrl: url } : {}) });
  return {
    resolver: createTargetResolver(db),
    reader: createRecordsReader(db, search, pool && !isPg(db) ? { pool, cost: createCostModel(db) } : undefined, budgeted),
    close: async () => {
      await Promise.all([pool?.stop(), budgeted?.close(), search.close()]);
    },
  };
}
