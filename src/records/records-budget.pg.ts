import { closePgDb, openPgDb } from '../db/pg-client.js';
import { QueryOverBudget } from './query-pool.js';
import { createPgStatementRunner } from './records-statements.pg.sql.js';
import type { Statement } from './records-statements.sql.js';

/** The records statements on PostgreSQL, each limited to the query time budget (see openBudgetedReads). */
export type BudgetedReads = { run(s: Statement): Promise<unknown>; close(): Promise<void> };

/** SQLSTATE 57014 query_canceled: what PostgreSQL answers a statement stopped by `statement_timeout`. */
const cancelled = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57014';

/**
 * The records API's own pool on PostgreSQL: its connections are opened with `statement_timeout` set to the budget (a
 * startup parameter, so no statement pays a `SET` round trip), and only records statements run on it, so publishing
 * and migrations on the app's pool keep their long statements. A statement still running at the budget is cancelled
 * by the server (its connection stays usable) and rejects with QueryOverBudget, which the reader turns into 503
 * query_too_expensive as it does for a cancelled worker on SQLite. Records reads run here rather than on the app's
 * pool, so a burst of expensive ones cannot take the connections sign-ins, keys and usage need.
 */
export function openBudgetedReads(url: string, budgetMs: number, max = 10): BudgetedReads {
  const db = openPgDb(url, { max, connection: { statement_timeout: budgetMs } });
  const runner = createPgStatementRunner(db);
  return {
    async run(s) {
      try {
        return await runner(s);
      } catch (err) {
        if (cancelled(err)) throw new QueryOverBudget(budgetMs);
        throw err;
      }
    },
    close: () => closePgDb(db),
  };
}
