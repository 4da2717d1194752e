import { pgTable, text, integer, index } from 'drizzle-orm/pg-core';

// PostgreSQL twin of search-log.table.ts (tests/pg-schema.test.ts compares them).

export const searchLog = pgTable(
  'search_log',
  {
    id: text('id').primaryKey(),
    ts: text('ts').notNull(),
    query: text('query').notNull(),
    results: integer('results').notNull(),
    source: text('source', { enum: ['web', 'api'] }).notNull(),
    consumerHash: text('consumer_hash').notNull(),
    opened: integer('opened').notNull().default(0),
  },
  (t) => [index('search_log_ts_idx').on(t.ts), index('search_log_query_idx').on(t.query, t.ts)],
);
