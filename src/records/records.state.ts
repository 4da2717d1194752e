import type { Db } from '../db/client.js';
import { isPg } from '../db/engine.js';
import type { Logger } from '../lib/context.js';
import { workerDbFile } from '../versions/index.js';
import { createQueryPool } from './query-pool.js';
import { createCostModel } from './records.cost.js';
import { createRecordsReader, type RecordsReader } from './records.service.js';
import { createTargetResolver, type TargetResolver } from './records.target.js';
import { createSearchIndexer } from './search-index.js';

export type RecordsState = {
  resolver: TargetResolver;
  /** The one reader of the app: expensive queries of the records API and of the demand board's snapshots share its workers. */
  reader: RecordsReader;
  /** Ends the query workers; queries still queued are refused. */
  close(): Promise<void>;
};

/** The records feature's state, built once per app by createApp: the version resolver, the reader, its query workers. */
export function createRecordsState(db: Db, options: { log: Logger; budgetMs: number }): RecordsState {
  // Workers open the database file themselves; an in-memory database (some scripts) reads everything here.
  const file = workerDbFile(db);
  const pool = file && !isPg(db) ? createQueryPool({ file, log: options.log, budgetMs: options.budgetMs }) : null;
  return {
    resolver: createTargetResolver(db),
    reader: createRecordsReader(db, createSearchIndexer(db, { log: options.log }), pool && !isPg(db) ? { pool, cost: createCostModel(db) } : undefined),
    close: async () => { await pool?.stop(); },
  };
}
