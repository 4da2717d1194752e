import { pgTable, text, primaryKey, index } from 'drizzle-orm/pg-core';
import { users } from './auth.pg-table.js';

// PostgreSQL twin of user-identities.table.ts.
export const userIdentities = pgTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);
