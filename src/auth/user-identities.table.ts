import { sqliteTable, text, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { users } from './auth.table.js';

/** Accounts of an OpenID provider: linked by the provider's subject, never by e-mail. */
export const userIdentities = sqliteTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);
