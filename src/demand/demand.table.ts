import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from '../auth/auth.table.js';
import { departments, datasets } from '../catalog/catalog.table.js';

export const demandKinds = ['order', 'new_data', 'correction'] as const;
export const demandStatuses = [
  'submitted', 'accepted', 'needs_info', 'rejected', 'delivered', 'confirmed', 'cancelled', 'planned', 'fulfilled', 'fixed',
] as const;
export const deliveryModes = ['file', 'api', 'recurring'] as const;

export const demands = sqliteTable(
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
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('demands_provider_idx').on(t.providerDepartmentId, t.status),
    index('demands_requester_idx').on(t.requesterDepartmentId, t.status),
    index('demands_kind_idx').on(t.kind, t.createdAt),
  ],
);

export const demandItems = sqliteTable('demand_items', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  fields: text('fields', { mode: 'json' }).$type<string[] | null>(),
  filter: text('filter'),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
});

/** Every transition, so response times are derived, never typed in. */
export const demandEvents = sqliteTable(
  'demand_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
    ts: text('ts').notNull(),
    actorUserId: text('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('demand_events_demand_idx').on(t.demandId, t.ts)],
);

export const demandComments = sqliteTable('demand_comments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull().references(() => users.id),
  body: text('body').notNull(),
  createdAt: text('created_at').notNull(),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
});

export const demandVotes = sqliteTable(
  'demand_votes',
  {
    demandId: text('demand_id').notNull().references(() => demands.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.demandId, t.userId] })],
);

export const deliveries = sqliteTable('deliveries', {
  id: text('id').primaryKey(),
  demandId: text('demand_id').notNull().references(() => demands.id),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  version: integer('version').notNull(),
  artifactSha: text('artifact_sha'),
  artifactPath: text('artifact_path'),
  artifactBytes: integer('artifact_bytes'),
  format: text('format'),
  grantId: text('grant_id'),
  deliveredAt: text('delivered_at').notNull(),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
});

export const cartItems = sqliteTable('cart_items', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  datasetPk: integer('dataset_pk').notNull().references(() => datasets.pk),
  fields: text('fields', { mode: 'json' }).$type<string[] | null>(),
  filter: text('filter'),
  deliveryMode: text('delivery_mode', { enum: deliveryModes }).notNull().default('file'),
  createdAt: text('created_at').notNull(),
});

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
