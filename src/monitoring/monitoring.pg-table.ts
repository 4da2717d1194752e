import { sql } from 'drizzle-orm';
import { pgTable, text, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.pg-table.js';
import { departments, datasets } from '../catalog/catalog.pg-table.js';
import { warningEventTypes, warningKinds, warningStatuses } from './monitoring.table.js';

// PostgreSQL twins of monitoring.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares them).

export const warnings = pgTable(
  'warnings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk, { onDelete: 'cascade' }),
    departmentId: text('department_id').notNull().references(() => departments.id),
    kind: text('kind', { enum: warningKinds }).notNull(),
    finding: text('finding').notNull(),
    openedAt: text('opened_at').notNull(),
    dueAt: text('due_at').notNull(),
    status: text('status', { enum: warningStatuses }).notNull(),
    closedAt: text('closed_at'),
    explanation: text('explanation'),
  },
  (t) => [
    uniqueIndex('warnings_one_open_idx').on(t.datasetPk, t.kind).where(sql`status <> 'closed'`),
    index('warnings_department_idx').on(t.departmentId, t.status),
  ],
);

export const warningEvents = pgTable(
  'warning_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    warningId: integer('warning_id').notNull().references(() => warnings.id, { onDelete: 'cascade' }),
    ts: text('ts').notNull(),
    type: text('type', { enum: warningEventTypes }).notNull(),
    actor: text('actor').references(() => users.id),
    note: text('note'),
  },
  (t) => [index('warning_events_warning_idx').on(t.warningId, t.ts)],
);
