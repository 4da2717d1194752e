import { pgTable, text, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.pg-table.js';
import { datasets } from '../catalog/catalog.pg-table.js';
import { appKinds, appStatuses } from './apps.table.js';

// PostgreSQL twins of apps.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares them).

export const apps = pgTable(
  'apps',
  {
    id: text('id').primaryKey(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    kind: text('kind', { enum: appKinds }).notNull(),
    descriptionZh: text('description_zh').notNull(),
    descriptionEn: text('description_en'),
    url: text('url'),
    contact: text('contact').notNull(),
    submittedBy: text('submitted_by').notNull().references(() => users.id),
    status: text('status', { enum: appStatuses }).notNull().default('pending'),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    rejectReason: text('reject_reason'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [index('apps_status_idx').on(t.status, t.createdAt), index('apps_submitter_idx').on(t.submittedBy)],
);

export const appDatasets = pgTable(
  'app_datasets',
  {
    appId: text('app_id').notNull().references(() => apps.id, { onDelete: 'cascade' }),
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  },
  (t) => [primaryKey({ columns: [t.appId, t.datasetPk] }), index('app_datasets_dataset_idx').on(t.datasetPk)],
);

export const appScreenshots = pgTable(
  'app_screenshots',
  {
    appId: text('app_id').notNull().references(() => apps.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    blobKey: text('blob_key').notNull(),
    sha256: text('sha256').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.position] })],
);
