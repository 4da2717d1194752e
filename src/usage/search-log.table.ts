import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * One catalog search (the HTML catalog's first page, or GET /api/v1/datasets with q), never who searched: the query
 * as normalised, how many datasets it found, and whether a result was opened from it. consumer_hash is the usage
 * recorder's daily-salted HMAC of address + User-Agent (also for signed-in people), so repeats can be told apart
 * within a day and never linked across days.
 */
export const searchLog = sqliteTable(
  'search_log',
  {
    /** Random, handed to the result links (`from=search-<id>`) so the dataset page can mark the search opened. */
    id: text('id').primaryKey(),
    ts: text('ts').notNull(),
    query: text('query').notNull(),
    results: integer('results').notNull(),
    /** 'web' (the catalog page) or 'api'; opened is only ever set for web searches. */
    source: text('source', { enum: ['web', 'api'] }).notNull(),
    consumerHash: text('consumer_hash').notNull(),
    /** 0/1 (an integer on both engines, compared in SQL). */
    opened: integer('opened').notNull().default(0),
  },
  (t) => [index('search_log_ts_idx').on(t.ts), index('search_log_query_idx').on(t.query, t.ts)],
);
