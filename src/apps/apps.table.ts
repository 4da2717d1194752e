import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/auth.table.js';
import { datasets } from '../catalog/catalog.table.js';

export const appKinds = ['web_app', 'mini_program', 'mobile_app', 'research', 'news_story', 'visualisation', 'decision_support'] as const;
export const appStatuses = ['pending', 'approved', 'rejected'] as const;

/** Apps and results built on the data (应用成果); only approved ones are public. */
export const apps = sqliteTable(
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
    // 0/1 on both engines, as usage_events.is_demo: the README's DELETE statements use `is_demo = 1`.
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [index('apps_status_idx').on(t.status, t.createdAt), index('apps_submitter_idx').on(t.submittedBy)],
);

/** The datasets an app says it uses. */
export const appDatasets = sqliteTable(
  'app_datasets',
  {
    appId: text('app_id').notNull().references(() => apps.id, { onDelete: 'cascade' }),
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  },
  (t) => [primaryKey({ columns: [t.appId, t.datasetPk] }), index('app_datasets_dataset_idx').on(t.datasetPk)],
);

/** Re-encoded screenshots (never the uploaded bytes), stored in the artifact store under `blob_key`. */
export const appScreenshots = sqliteTable(
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
