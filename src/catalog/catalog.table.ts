import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import type { FieldSpec } from '../lib/field-spec.js';

export const departments = sqliteTable('departments', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  contactPhone: text('contact_phone'),
  contactEmail: text('contact_email'),
  position: integer('position').notNull().default(0),
});

export const themes = sqliteTable('themes', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull().default(0),
});

export const datasets = sqliteTable(
  'datasets',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
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
    keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull(),
    keywordsEn: text('keywords_en', { mode: 'json' }).$type<string[]>().notNull(),
    spatial: text('spatial').notNull(),
    industry: text('industry'),
    relatedCodes: text('related_codes', { mode: 'json' }).$type<string[]>().notNull(),
    /** The declared schema the next version must follow; each version keeps its own copy. */
    schema: text('schema', { mode: 'json' }).$type<FieldSpec[]>().notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    latestVersion: integer('latest_version'),
  },
  (t) => [index('datasets_department_idx').on(t.departmentId), index('datasets_theme_idx').on(t.themeId)],
);

export const datasetChanges = sqliteTable('dataset_changes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  ts: text('ts').notNull(),
  userId: text('user_id'),
  changes: text('changes', { mode: 'json' }).$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
});
