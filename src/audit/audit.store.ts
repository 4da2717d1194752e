import { asc, desc, gt, sql } from 'drizzle-orm';
import { builder, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { auditTables } from './audit.tables.js';
import { chainHash, GENESIS, type AuditContent, type AuditRow } from './audit.chain.js';

// The only file that writes audit_events. Appends are serialized so two writers never fork the chain: on SQLite one
// synchronous better-sqlite3 transaction taken IMMEDIATE (the write lock is held from the read of the last hash to
// the insert, across processes too); on PostgreSQL a transaction-scoped advisory lock, held in the database, so
// every node sharing it queues on the same lock.

export const PG_AUDIT_LOCK = 0x6b61_6175; // 'kaau': the audit chain's advisory lock key

export async function appendAuditRow(db: AnyDb, content: AuditContent): Promise<void> {
  const t = auditTables(db);
  if (isPg(db)) {
    await inTransaction(db, async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${PG_AUDIT_LOCK})`);
      const prev = await previousHash(tx);
      await builder(tx).insert(t.auditEvents).values({ ...content, prevHash: prev, hash: chainHash(prev, content) });
    });
    return;
  }
  const sqlite = db.$client;
  const lastStmt = sqlite.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1');
  const anchorStmt = sqlite.prepare('SELECT last_hash FROM audit_archives ORDER BY id DESC LIMIT 1');
  const insert = sqlite.prepare(`INSERT INTO audit_events (ts, actor, actor_role, actor_department_id, action, target, target_department_id, summary, request_id, client_hash, prev_hash, hash)
    VALUES (@ts, @actor, @actorRole, @actorDepartmentId, @action, @target, @targetDepartmentId, @summary, @requestId, @clientHash, @prevHash, @hash)`);
  const append = sqlite.transaction(() => {
    const last = lastStmt.get() as { hash: string } | undefined;
    const anchor = last ? undefined : (anchorStmt.get() as { last_hash: string } | undefined);
    const prev = last?.hash ?? anchor?.last_hash ?? GENESIS;
    insert.run({ ...content, prevHash: prev, hash: chainHash(prev, content) });
  });
  // Nested in a caller's transaction, better-sqlite3 uses a savepoint (already holding the write lock).
  if (sqlite.inTransaction) append();
  else append.immediate();
}

/** The hash the next row chains to: the last row's, else the anchor of the last archive, else the genesis. */
async function previousHash(db: AnyDb): Promise<string> {
  const t = auditTables(db);
  const [last] = await builder(db).select({ hash: t.auditEvents.hash }).from(t.auditEvents).orderBy(desc(t.auditEvents.id)).limit(1);
  if (last) return last.hash;
  return (await chainAnchor(db)) ?? GENESIS;
}

/** The hash of the last archived (removed) row, which the first kept row's prev_hash matches; null if nothing was archived. */
export async function chainAnchor(db: AnyDb): Promise<string | null> {
  const t = auditTables(db);
  const [a] = await builder(db).select({ lastHash: t.auditArchives.lastHash }).from(t.auditArchives).orderBy(desc(t.auditArchives.id)).limit(1);
  return a?.lastHash ?? null;
}

/** One page of the chain in id order, after `afterId`: verify and export walk it without holding it all in memory. */
export async function auditPage(db: AnyDb, afterId: number, limit: number): Promise<AuditRow[]> {
  const t = auditTables(db);
  return (await builder(db).select().from(t.auditEvents).where(gt(t.auditEvents.id, afterId)).orderBy(asc(t.auditEvents.id)).limit(limit)) as AuditRow[];
}

/** The summary of the newest row of this action (null when there is none). */
export async function lastAuditSummary(db: AnyDb, action: string): Promise<string | null> {
  const [last] = await rowsOf<{ summary: string | null }>(db, sql`SELECT summary FROM audit_events WHERE action = ${action} ORDER BY id DESC LIMIT 1`);
  return last?.summary ?? null;
}
