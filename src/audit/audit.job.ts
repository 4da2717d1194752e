import path from 'node:path';
import type { AnyDb } from '../db/engine.js';
import { isPg } from '../db/engine.js';
import type { Logger } from '../lib/context.js';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../db/transaction.js';
import { startPeriodicJob } from '../lib/periodic-job.js';
import { pruneAudit, type ArchiveSignature } from './audit.archive.js';

const RETENTION_LOCK = 0x6b61_6172; // 'kaar'
const dayMs = 86_400_000;

export type RetentionDeps = { db: AnyDb; log: Logger; now: () => Date; dataDir: string; retainDays: number; secret: string };

export const auditArchiveDir = (dataDir: string) => path.join(dataDir, 'audit-archives');

/** One retention run: rows older than `retainDays` archived (signed) into <data>/audit-archives, then removed. */
export async function runAuditRetention(deps: RetentionDeps): Promise<ArchiveSignature | null> {
  const now = deps.now();
  const before = new Date(now.getTime() - deps.retainDays * dayMs).toISOString();
  const sig = await pruneAudit(deps.db, deps.secret, before, auditArchiveDir(deps.dataDir), now);
  deps.log.info(sig ? `audit: ${sig.rows} row(s) older than ${before} archived (ids ${sig.first_id}-${sig.last_id}) and removed` : `audit: no row older than ${before}`);
  return sig;
}

// Several nodes may share PostgreSQL: a node that finds another's run holding the lock skips its turn (the rows are
// archived once; the next node's daily run finds nothing older, or only what crossed the line since).
async function scheduledRun(deps: RetentionDeps): Promise<void> {
  const { db } = deps;
  if (!isPg(db)) return void (await runAuditRetention(deps));
  await inTransaction(db, async (tx) => {
    const [lock] = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS got`)) as unknown as { got: boolean }[];
    if (lock?.got) await runAuditRetention({ ...deps, db: tx });
  });
}

/** Daily retention, the first run 10 minutes after the start; the timers do not keep the process alive. */
export function startAuditRetention(deps: RetentionDeps, firstDelayMs = 10 * 60_000): { stop: () => Promise<void> } {
  return startPeriodicJob(() => scheduledRun(deps), { everyMs: dayMs, firstDelayMs, onError: (err) => deps.log.error('audit retention failed', err) });
}
