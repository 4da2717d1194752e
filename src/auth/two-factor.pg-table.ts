import { pgTable, text, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './auth.pg-table.js';

// PostgreSQL twins of two-factor.table.ts (tests/pg-schema.test.ts compares them).

export const userTotp = pgTable('user_totp', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  enabledAt: text('enabled_at'),
  /** A 30-second step count (about 5.9e7 today): fits an integer until the year 4000. */
  lastUsedStep: integer('last_used_step'),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] }), index('recovery_codes_user_idx').on(t.userId)],
);
