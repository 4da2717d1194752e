import { pgTable, text, index } from 'drizzle-orm/pg-core';
import { bigNumber } from '../lib/pg-columns.js';
import { departments } from '../catalog/catalog.pg-table.js';
import { roles } from './auth.table.js';

// PostgreSQL twins of auth.table.ts: the same tables, columns, keys and indexes (tests/pg-schema.test.ts compares them).

export const users = pgTable('users', {
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

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Epoch milliseconds. */
    expiresAt: bigNumber('expires_at').notNull(),
    createdAt: text('created_at'),
    /** Written at most every few minutes (src/auth/sessions-list.ts), not per request. */
    lastSeenAt: text('last_seen_at'),
    userAgent: text('user_agent'),
    /** Where it was first used, coarsely: 4 hex digits of a hash of the network, never an address. */
    place: text('place'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
