import { pgTable, text, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { bigNumber, jsonText } from '../lib/pg-columns.js';
import { users } from '../auth/auth.pg-table.js';
import { departments, datasets } from '../catalog/catalog.pg-table.js';
import { demandKinds, demandStatuses, deliveryModes } from './demand.table.js';

// PostgreSQL twins of demand.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares them).
// is_demo stays an integer 0/1, as in usage_events: the demo seeder and the README's DELETE statements use `is_demo = 1` on both engines.

export const demands = pgTable(
  'demands',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: demandKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    purpose: text('purpose').notNull().default(''),
    legalBasis: text('legal_basis'),
    agreement: text('agreement'),
    requesterUserId: text('requester_user_id').notNull().references(() => users.id),
    requesterDepartmentId: text('requester_department_id').references(() => departments.id),
    providerDepartmentId: text('provider_department_id').references(() => departments.id),
    datasetPk: integer('dataset_pk').references(() => datasets.pk),
    deliveryMode: text('delivery_mode', { enum: deliveryModes }),
    dueAt: text('due_at'),
    firstResponseDueAt: text('first_response_due_at'),
    status: text('status', { enum: demandStatuses }).notNull().default('submitted'),
    plannedFor: text('planned_for'),
    linkedDatasetPk: integer('linked_dataset_pk').references(() => datasets.pk),
    linkedVersion: integer('linked_version'),
    rowRef: text('row_ref'),
    fieldRef: text('field_ref'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [
    index('demands_provider_idx').on(t.providerDepartmentId, t.status),
    index('demands_requester_idx').on(t.requesterDepartmentId, t.status),
    index('demands_kind_idx').on(t.kind, t.createdAt),
  ],
);

export const demandItems = pgTable('demand_items', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  fields: jsonText<string[] | null>('fields'),
  filter: text('filter'),
  isDemo: integer('is_demo').notNull().default(0),
});

/** Every transition, so response times are derived, never typed in. */
export const demandEvents = pgTable(
  'demand_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
    ts: text('ts').notNull(),
    actorUserId: text('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [index('demand_events_demand_idx').on(t.demandId, t.ts)],
);

export const demandComments = pgTable('demand_comments', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull().references(() => users.id),
  body: text('body').notNull(),
  createdAt: text('created_at').notNull(),
  isDemo: integer('is_demo').notNull().default(0),
});

export const demandVotes = pgTable(
  'demand_votes',
  {
    demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
    isDemo: integer('is_demo').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.demandId, t.userId] })],
);

export const deliveries = pgTable('deliveries', {
  id: text('id').primaryKey(),
  demandId: text('demand_id').notNull().references(() => demands.id),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  version: integer('version').notNull(),
  artifactSha: text('artifact_sha'),
  artifactPath: text('artifact_path'),
  artifactBytes: bigNumber('artifact_bytes'),
  format: text('format'),
  grantId: text('grant_id'),
  deliveredAt: text('delivered_at').notNull(),
  isDemo: integer('is_demo').notNull().default(0),
});

export const cartItems = pgTable('cart_items', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  fields: jsonText<string[] | null>('fields'),
  filter: text('filter'),
  deliveryMode: text('delivery_mode', { enum: deliveryModes }).notNull().default('file'),
  createdAt: text('created_at').notNull(),
});

export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    departmentId: text('department_id').references(() => departments.id),
    demandId: text('demand_id').references(() => demands.id),
    /** Where the notification points when it is not about a demand (an app's page: /apps/<id>). */
    link: text('link'),
    message: text('message').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt)],
);
