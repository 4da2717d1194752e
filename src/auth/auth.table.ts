import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { departments } from '../catalog/catalog.table.js';

export const roles = ['user', 'publisher', 'dept_admin', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  name: text('name').notNull(),
  role: text('role', { enum: roles }).notNull().default('user'),
  departmentId: text('department_id').references(() => departments.id),
  createdAt: text('created_at').notNull(),
  /** Set while the account is disabled: its sessions and API keys are refused on every request. */
  disabledAt: text('disabled_at'),
});

export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: text('created_at'),
    /** Written at most every few minutes (src/auth/sessions-list.ts), not per request. */
    lastSeenAt: text('last_seen_at'),
    userAgent: text('user_agent'),
    /** Where it was first used, coarsely: 4 hex digits of a hash of the network, never an address. */
    place: text('place'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
