import { sqliteTable, text, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { datasets } from '../catalog/catalog.table.js';
import type { FieldSpec } from '../lib/field-spec.js';

/**
 * A stored artifact, kept as JSON in `versions.artifacts`. `gzipBytes`: the size of its stored `.gz`, recorded
 * since artifacts went through the blob store (older records lack it; serving then asks the store).
 */
/**
 * `layout: 'labels'`: an Excel-facing file (XLSX, the `?bom=1` CSV) built from issue 16 on, with the Chinese field labels
 * as its header. Absent: built as before (field names), and rebuilt so by a repair. See artifacts.ts `layoutFor`.
 */
export type ArtifactInfo = { sha256: string; bytes: number; path: string; gzipBytes?: number; layout?: 'labels' };
export type VersionDiff = { added: number; removed: number; changed: number };

export const versions = sqliteTable(
  'versions',
  {
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
    n: integer('n').notNull(),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull().default('published'),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by'),
    rowCount: integer('row_count').notNull(),
    schema: text('schema', { mode: 'json' }).$type<FieldSpec[]>().notNull(),
    changeNote: text('change_note').notNull(),
    diff: text('diff', { mode: 'json' }).$type<VersionDiff | null>(),
    artifacts: text('artifacts', { mode: 'json' }).$type<Record<string, ArtifactInfo>>().notNull(),
    withdrawnAt: text('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
    /** Set at start when the version's rows table is missing (a damaged database): answered with 503, files still served. */
    unavailableReason: text('unavailable_reason'),
  },
  (t) => [primaryKey({ columns: [t.datasetPk, t.n] })],
);

/**
 * One row per dataset being published, taken in an immediate transaction by whichever process publishes
 * (server or CLI). `expires_at` is renewed while the attempt runs, so a killed writer holds it only until then.
 * `rows_table` names the table this attempt created: the only table its cleanup may drop.
 */
export const publishLocks = sqliteTable('publish_locks', {
  datasetPk: integer('dataset_pk').primaryKey(),
  owner: text('owner').notNull(),
  n: integer('n').notNull(),
  rowsTable: text('rows_table').notNull(),
  acquiredAt: integer('acquired_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
