import { pgTable, text, index } from 'drizzle-orm/pg-core';
import { departments } from '../catalog/catalog.pg-table.js';
import { users } from './auth.pg-table.js';

// PostgreSQL twin of invites.table.ts.
export const departmentInvites = pgTable(
  'department_invites',
  {
    tokenHash: text('token_hash').primaryKey(),
    departmentId: text('department_id').notNull().references(() => departments.id),
    role: text('role').notNull(),
    createdBy: text('created_by').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    usedBy: text('used_by'),
  },
  (t) => [index('department_invites_department_idx').on(t.departmentId)],
);
