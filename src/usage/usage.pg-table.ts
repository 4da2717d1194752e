import { pgTable, text, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { bigNumber } from '../lib/pg-columns.js';
import { usageKinds } from './usage.table.js';

// PostgreSQL twins of usage.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares them).
// is_robot and is_demo stay integers 0/1, not boolean: every reader and writer of these tables is raw SQL that binds
// and compares 0 and 1 (countedSql's `is_robot = 0`), and raw reads return 0/1 on SQLite.

/** Append-only; every headline figure is recomputable from this table. */
export const usageEvents = pgTable(
  'usage_events',
  {
    id: bigNumber('id').primaryKey().generatedByDefaultAsIdentity(),
    ts: text('ts').notNull(),
    kind: text('kind', { enum: usageKinds }).notNull(),
    datasetPk: integer('dataset_pk').notNull(),
    version: integer('version'),
    format: text('format'),
    ownerDepartmentId: text('owner_department_id').notNull(),
    consumerDepartmentId: text('consumer_department_id'),
    userId: text('user_id'),
    keyId: text('key_id'),
    consumerHash: text('consumer_hash').notNull(),
    /** COUNTER's unique consumer: user, else key, else an HMAC of the address alone (rotating User-Agents do not multiply it). */
    uniqueConsumer: text('unique_consumer'),
    isRobot: integer('is_robot').notNull().default(0),
    status: integer('status').notNull(),
    rows: integer('rows'),
    bytes: bigNumber('bytes'),
    ms: integer('ms'),
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [
    index('usage_events_ts_idx').on(t.ts),
    index('usage_events_dataset_idx').on(t.datasetPk, t.ts),
    index('usage_events_key_idx').on(t.keyId, t.ts),
    index('usage_events_owner_idx').on(t.ownerDepartmentId, t.kind, t.ts),
  ],
);

export const usageDaily = pgTable(
  'usage_daily',
  {
    day: text('day').notNull(),
    datasetPk: integer('dataset_pk').notNull(),
    kind: text('kind', { enum: usageKinds }).notNull(),
    consumerDepartmentId: text('consumer_department_id').notNull().default(''),
    count: integer('count').notNull().default(0),
    robots: integer('robots').notNull().default(0),
    rows: bigNumber('rows').notNull().default(0),
    bytes: bigNumber('bytes').notNull().default(0),
    /** COUNTER unique figure: distinct consumers of the dataset that day (see usage_unique). */
    uniques: integer('uniques').notNull().default(0),
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.datasetPk, t.kind, t.consumerDepartmentId] })],
);

/** One row per (day, dataset, kind, unique consumer): an insert that adds a row adds one to usage_daily.uniques. */
export const usageUnique = pgTable(
  'usage_unique',
  {
    day: text('day').notNull(),
    datasetPk: integer('dataset_pk').notNull(),
    kind: text('kind', { enum: usageKinds }).notNull(),
    consumer: text('consumer').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.datasetPk, t.kind, t.consumer] })],
);
