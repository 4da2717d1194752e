import { pgTable, text, integer, index } from 'drizzle-orm/pg-core';

// PostgreSQL twins of audit.table.ts (tests/pg-schema.test.ts compares them).

/**
 * The audit trail (append-only): one row per privileged action. `hash` is SHA-256 over `prev_hash` and the row's
 * content, so an edited or removed row breaks the chain (`kaifang audit verify`). The actor is text, not a key to
 * users: `cli:<os user>` for the operator's CLI, null for an anonymous failed sign-in.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ts: text('ts').notNull(),
    actor: text('actor'),
    actorRole: text('actor_role'),
    actorDepartmentId: text('actor_department_id'),
    action: text('action').notNull(),
    target: text('target'),
    targetDepartmentId: text('target_department_id'),
    summary: text('summary'),
    requestId: text('request_id'),
    clientHash: text('client_hash'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_ts_idx').on(t.ts),
    index('audit_events_action_idx').on(t.action, t.id),
    index('audit_events_actor_idx').on(t.actor, t.id),
  ],
);

/**
 * One row per retention run that archived rows before removing them: the signed file and the chain's anchor (the
 * hash of the last archived row), which the first kept row's prev_hash must match.
 */
export const auditArchives = pgTable('audit_archives', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  archivedAt: text('archived_at').notNull(),
  file: text('file').notNull(),
  rows: integer('rows').notNull(),
  firstId: integer('first_id').notNull(),
  lastId: integer('last_id').notNull(),
  lastHash: text('last_hash').notNull(),
  signature: text('signature').notNull(),
});
