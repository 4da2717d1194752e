import fs from 'node:fs';
import path from 'node:path';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { lte, sql } from 'drizzle-orm';
import { builder, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { auditTables } from './audit.tables.js';
import { GENESIS, type AuditRow } from './audit.chain.js';
import { auditPage, chainAnchor, PG_AUDIT_LOCK } from './audit.store.js';

// Archives of the audit trail: NDJSON (one row a line, every column), and beside it `<file>.sig`, a JSON signature
// with HMAC-SHA256 under a key derived from the portal's secret (KAIFANG_SECRET or <data>/secret). The signature
// covers the file's SHA-256 and the chain's ends, so a changed, added or removed line fails `audit verify --archive`.

export type ArchiveSignature = {
  alg: 'HMAC-SHA256';
  file_sha256: string;
  rows: number;
  first_id: number;
  last_id: number;
  /** The prev_hash of the first archived row (the anchor of the archive before, or the genesis). */
  chain_from: string;
  /** The hash of the last archived row: the first kept row's prev_hash. */
  anchor: string;
  signature: string;
};

const archiveKey = (secret: string) => createHmac('sha256', secret).update('kaifang audit archive').digest();
const signedText = (s: Omit<ArchiveSignature, 'signature'>) => JSON.stringify([s.alg, s.file_sha256, s.rows, s.first_id, s.last_id, s.chain_from, s.anchor]);
const sign = (secret: string, s: Omit<ArchiveSignature, 'signature'>) => createHmac('sha256', archiveKey(secret)).update(signedText(s)).digest('hex');

const rowJson = (r: AuditRow) => JSON.stringify({
  id: r.id, ts: r.ts, actor: r.actor, actor_role: r.actorRole, actor_department_id: r.actorDepartmentId, action: r.action, target: r.target,
  target_department_id: r.targetDepartmentId, summary: r.summary, request_id: r.requestId, client_hash: r.clientHash, prev_hash: r.prevHash, hash: r.hash,
});

/** The last id of the chain's prefix written before `before` (ISO): archives take a prefix, so what stays is still one chain. */
async function prefixEnd(db: AnyDb, before: string): Promise<number | null> {
  const [row] = await rowsOf<{ stop: number | null; last: number | null }>(db, sql`SELECT (SELECT MIN(id) FROM audit_events WHERE ts >= ${before}) AS stop, (SELECT MAX(id) FROM audit_events) AS last`);
  if (!row || row.last === null) return null;
  return row.stop === null ? Number(row.last) : Number(row.stop) - 1;
}

/**
 * Writes the rows of the chain's prefix older than `before` to `file` (NDJSON, page by page) and its signature to
 * `file.sig`; removes nothing. Null when no row is that old.
 */
export async function exportAudit(db: AnyDb, secret: string, before: string, file: string): Promise<ArchiveSignature | null> {
  const end = await prefixEnd(db, before);
  const first = (await auditPage(db, 0, 1))[0];
  if (end === null || !first || end < first.id) return null;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(`${file}.part`, 'w');
  const hash = createHash('sha256');
  let rows = 0;
  let last: AuditRow | undefined;
  try {
    for (let after = 0; ;) {
      const page = (await auditPage(db, after, 1000)).filter((r) => r.id <= end);
      for (const r of page) {
        const line = `${rowJson(r)}\n`;
        hash.update(line);
        fs.writeSync(fd, line);
        rows++;
        last = r;
      }
      if (page.length < 1000) break;
      after = page.at(-1)!.id;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const unsigned = { alg: 'HMAC-SHA256' as const, file_sha256: hash.digest('hex'), rows, first_id: first.id, last_id: last!.id, chain_from: first.prevHash, anchor: last!.hash };
  const signature: ArchiveSignature = { ...unsigned, signature: sign(secret, unsigned) };
  fs.renameSync(`${file}.part`, file);
  fs.writeFileSync(`${file}.sig`, `${JSON.stringify(signature, null, 2)}\n`);
  return signature;
}

/** Checks an archive against its signature: the file's bytes, its rows' chain, and the HMAC. */
export function verifyArchive(file: string, secret: string): { ok: true; rows: number } | { ok: false; problem: string } {
  let sig: ArchiveSignature;
  try {
    sig = JSON.parse(fs.readFileSync(`${file}.sig`, 'utf8')) as ArchiveSignature;
  } catch {
    return { ok: false, problem: `no readable signature at ${file}.sig` };
  }
  const { signature, ...unsigned } = sig;
  const expected = Buffer.from(sign(secret, unsigned));
  if (typeof signature !== 'string' || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), expected)) return { ok: false, problem: 'the signature does not match (signed with another secret, or the .sig was changed)' };
  const bytes = fs.readFileSync(file);
  if (createHash('sha256').update(bytes).digest('hex') !== sig.file_sha256) return { ok: false, problem: 'the file\'s SHA-256 differs from the signed one: the archive was changed' };
  return { ok: true, rows: sig.rows };
}

/**
 * Retention: the rows older than `before` are exported to a signed archive in `dir`, then removed in one
 * transaction that records the archive and the chain's anchor (so `audit verify` starts from it). Never removes a
 * row that was not archived first.
 */
export async function pruneAudit(db: AnyDb, secret: string, before: string, dir: string, now: Date): Promise<ArchiveSignature | null> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `audit-${stamp}.ndjson`);
  const sig = await exportAudit(db, secret, before, file);
  if (!sig) return null;
  const t = auditTables(db);
  const remove = async (tx: AnyDb) => {
    if (isPg(tx)) await tx.execute(sql`SELECT pg_advisory_xact_lock(${PG_AUDIT_LOCK})`);
    const anchorBefore = (await chainAnchor(tx)) ?? GENESIS;
    if (anchorBefore !== sig.chain_from) throw new Error('audit prune: the chain changed since the export; nothing was removed');
    await builder(tx).insert(t.auditArchives).values({ archivedAt: now.toISOString(), file, rows: sig.rows, firstId: sig.first_id, lastId: sig.last_id, lastHash: sig.anchor, signature: sig.signature });
    await builder(tx).delete(t.auditEvents).where(lte(t.auditEvents.id, sig.last_id));
  };
  await inTransaction(db, remove as (tx: typeof db) => Promise<void>, { immediate: true });
  return sig;
}
