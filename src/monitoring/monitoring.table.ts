import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/auth.table.js';
import { departments, datasets } from '../catalog/catalog.table.js';

export const warningKinds = ['punctuality', 'quality', 'integrity'] as const;
export const warningStatuses = ['open', 'rectifying', 'escalated', 'closed'] as const;
export const warningEventTypes = [
  'opened', 'notified', 'rechecked_still_present', 'explained', 'explanation_accepted', 'explanation_rejected', 'escalated', 'closed',
] as const;

/** A finding of the monitor addressed to the dataset's department (预警); `finding` is the evidence, as JSON text. */
export const warnings = sqliteTable(
  'warnings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    // One open warning per dataset and kind, whichever process runs the monitor: never a flood.
    uniqueIndex('warnings_one_open_idx').on(t.datasetPk, t.kind).where(sql`status <> 'closed'`),
    index('warnings_department_idx').on(t.departmentId, t.status),
  ],
);

/** Every step of a warning (as the demand board's events): times are derived from these, never typed in. */
export const warningEvents = sqliteTable(
  'warning_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    warningId: integer('warning_id').notNull().references(() => warnings.id, { onDelete: 'cascade' }),
    ts: text('ts').notNull(),
    type: text('type', { enum: warningEventTypes }).notNull(),
    actor: text('actor').references(() => users.id),
    note: text('note'),
  },
  (t) => [index('warning_events_warning_idx').on(t.warningId, t.ts)],
);
