import { pgTable, text, integer, primaryKey } from 'drizzle-orm/pg-core';
import { datasets } from '../catalog/catalog.pg-table.js';

/** PostgreSQL twin of quality.table.ts: the profile kept as JSON text, as on SQLite. */
export const versionQuality = pgTable(
  'version_quality',
  {
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
    n: integer('n').notNull(),
    profile: text('profile').notNull(),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetPk, t.n] })],
);
