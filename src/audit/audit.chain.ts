import { createHash } from 'node:crypto';

/** The content of an audit row: every column but id, prev_hash and hash. */
export type AuditContent = {
  ts: string;
  actor: string | null;
  actorRole: string | null;
  actorDepartmentId: string | null;
  action: string;
  target: string | null;
  targetDepartmentId: string | null;
  summary: string | null;
  requestId: string | null;
  clientHash: string | null;
};

export type AuditRow = AuditContent & { id: number; prevHash: string; hash: string };

/** The prev_hash of the very first row: a chain starts from nothing. */
export const GENESIS = '0'.repeat(64);

export const contentFields = ['ts', 'actor', 'actorRole', 'actorDepartmentId', 'action', 'target', 'targetDepartmentId', 'summary', 'requestId', 'clientHash'] as const;

/** Canonical JSON: fixed key order, nulls explicit, so the same content always gives the same bytes. */
export const canonicalContent = (row: AuditContent): string => JSON.stringify(contentFields.map((k) => [k, row[k] ?? null]));

export const chainHash = (prevHash: string, row: AuditContent): string => createHash('sha256').update(prevHash).update(canonicalContent(row)).digest('hex');
