import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/auth.table.js';
import { departments, datasets } from '../catalog/catalog.table.js';

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull().unique(),
    ownerUserId: text('owner_user_id').notNull().references(() => users.id),
    departmentId: text('department_id').references(() => departments.id),
    name: text('name').notNull(),
    ratePerMin: integer('rate_per_min').notNull().default(600),
    dailyQuota: integer('daily_quota').notNull().default(50000),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_keys_owner_idx').on(t.ownerUserId)],
);

export const grants = sqliteTable(
  'grants',
  {
    id: text('id').primaryKey(),
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
    keyId: text('key_id').references(() => apiKeys.id),
    userId: text('user_id').references(() => users.id),
    departmentId: text('department_id').references(() => departments.id),
    fields: text('fields', { mode: 'json' }).$type<string[] | null>(),
    expiresAt: text('expires_at'),
    demandId: text('demand_id'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('grants_dataset_idx').on(t.datasetPk)],
);

/** Calls per key per UTC day, flushed from the in-memory limiter so a restart never hands out a fresh quota. */
export const apiKeyDailyCounts = sqliteTable(
  'api_key_daily_counts',
  {
    keyId: text('key_id').notNull(),
    day: text('day').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);
