import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { departments } from '../catalog/catalog.table.js';
import { users } from './auth.table.js';

/** One-time links into a department (src/auth/users-directory.service.ts): only the token's SHA-256 is kept. */
export const departmentInvites = sqliteTable(
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
