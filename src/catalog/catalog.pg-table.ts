import { pgTable, text, integer, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { FieldSpec } from '../lib/field-spec.js';
import { jsonText } from '../lib/pg-columns.js';

// PostgreSQL twins of catalog.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares
// them). The search index (catalog_fts in SQLite) is not a drizzle table on either engine.

export const departments = pgTable('departments', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  contactPhone: text('contact_phone'),
  contactEmail: text('contact_email'),
  position: integer('position').notNull().default(0),
});

export const themes = pgTable('themes', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull().default(0),
});

export const datasets = pgTable(
  'datasets',
  {
    pk: integer('pk').primaryKey().generatedByDefaultAsIdentity(),
    id: text('id').notNull().unique(),
    code: text('code').notNull().unique(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    summaryZh: text('summary_zh').notNull(),
    summaryEn: text('summary_en').notNull(),
    departmentId: text('department_id').notNull().references(() => departments.id),
    themeId: text('theme_id').notNull().references(() => themes.id),
    openType: text('open_type', { enum: ['open', 'conditional'] }).notNull(),
    shareType: text('share_type').notNull().default('无条件共享'),
    updateFrequency: text('update_frequency', { enum: ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] }).notNull(),
    license: text('license').notNull(),
    keywords: jsonText<string[]>('keywords').notNull(),
    keywordsEn: jsonText<string[]>('keywords_en').notNull(),
    spatial: text('spatial').notNull(),
    industry: text('industry'),
    relatedCodes: jsonText<string[]>('related_codes').notNull(),
    /** The declared schema the next version must follow; each version keeps its own copy. */
    schema: jsonText<FieldSpec[]>('schema').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    latestVersion: integer('latest_version'),
  },
  (t) => [index('datasets_department_idx').on(t.departmentId), index('datasets_theme_idx').on(t.themeId)],
);

export const datasetChanges = pgTable('dataset_changes', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  ts: text('ts').notNull(),
  userId: text('user_id'),
  changes: jsonText<Record<string, { from: unknown; to: unknown }>>('changes').notNull(),
});

/**
 * The catalog generation (SQLite: hand-written in migration 0003): one row, bumped by triggers on datasets, versions
 * and departments (migrations-pg/0001), so every node and the CLI see a change with one cheap read.
 */
export const catalogState = pgTable(
  'catalog_state',
  {
    id: integer('id').primaryKey(),
    generation: integer('generation').notNull(),
  },
  (t) => [check('catalog_state_one_row', sql`${t.id} = 1`)],
);
