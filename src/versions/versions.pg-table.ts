import { pgTable, text, integer, primaryKey } from 'drizzle-orm/pg-core';
import { datasets } from '../catalog/catalog.pg-table.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { bigNumber, jsonText } from '../lib/pg-columns.js';
import type { ArtifactInfo, VersionDiff } from './versions.table.js';

// PostgreSQL twins of versions.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares
// them). The rows tables ds_<pk>_v<n> are created at publish time on either engine, not here.

export const versions = pgTable(
  'versions',
  {
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
    n: integer('n').notNull(),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull().default('published'),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by'),
    rowCount: integer('row_count').notNull(),
    schema: jsonText<FieldSpec[]>('schema').notNull(),
    changeNote: text('change_note').notNull(),
    diff: jsonText<VersionDiff | null>('diff'),
    artifacts: jsonText<Record<string, ArtifactInfo>>('artifacts').notNull(),
    withdrawnAt: text('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
    /** Set at start when the version's rows table is missing (a damaged database): answered with 503, files still served. */
    unavailableReason: text('unavailable_reason'),
  },
  (t) => [primaryKey({ columns: [t.datasetPk, t.n] })],
);

/** One row per dataset being published (see versions.table.ts); times are epoch milliseconds. */
export const publishLocks = pgTable('publish_locks', {
  datasetPk: integer('dataset_pk').primaryKey(),
  owner: text('owner').notNull(),
  n: integer('n').notNull(),
  rowsTable: text('rows_table').notNull(),
  acquiredAt: bigNumber('acquired_at').notNull(),
  expiresAt: bigNumber('expires_at').notNull(),
});
