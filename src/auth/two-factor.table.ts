import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from './auth.table.js';

/**
 * A user's TOTP secret (RFC 6238), sealed with AES-256-GCM under a key derived from the portal secret (auth.totp.ts):
 * the server must read it back to compute codes, so it cannot be hashed; sealed, a copy of the database alone
 * (a backup, a leaked dump) yields no codes. `enabled_at` is null while an enrolment waits for its first code;
 * `last_used_step` is the time step of the last code accepted, and only a later step is accepted again (no replay).
 */
export const userTotp = sqliteTable('user_totp', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  enabledAt: text('enabled_at'),
  lastUsedStep: integer('last_used_step'),
});

/** One-time recovery codes: only their SHA-256 is kept; `used_at` set when one is spent. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] }), index('recovery_codes_user_idx').on(t.userId)],
);
