import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { datasets } from '../catalog/catalog.table.js';

/**
 * The data-quality profile of each version (quality.ts `QualityProfile`, as JSON), computed once when the version is
 * published, seeded or repaired: never on a request. A version without a row here has not been profiled yet.
 */
export const versionQuality = sqliteTable(
  'version_quality',
  {
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
    n: integer('n').notNull(),
    profile: text('profile').notNull(),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetPk, t.n] })],
);
