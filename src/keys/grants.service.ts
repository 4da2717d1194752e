import type { Db } from '../db/client.js';
import { randomToken } from '../auth/auth.crypto.js';
import { canReadAllOf } from '../auth/index.js';

export type GrantHolder = { userId?: string | null; keyId?: string | null; departmentId?: string | null };

type LiveGrant = { id: string; fields: string | null };

function liveGrants(db: Db, datasetPk: number, holder: GrantHolder, now: Date): LiveGrant[] {
  return db.$client
    .prepare(
      `SELECT id, fields FROM grants
        WHERE dataset_pk = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
          AND (key_id = ? OR user_id = ? OR department_id = ?)`,
    )
    .all(datasetPk, now.toISOString(), holder.keyId ?? null, holder.userId ?? null, holder.departmentId ?? null) as LiveGrant[];
}

/** Whether the holder (a key, its owner, or their department) may read a conditional dataset now. */
export function hasGrant(db: Db, datasetPk: number, holder: GrantHolder, now: Date = new Date()): boolean {
  return liveGrants(db, datasetPk, holder, now).length > 0;
}

/** null: no live grant; 'all': every field; else the union of the granted field subsets. */
export function grantedFields(db: Db, datasetPk: number, holder: GrantHolder, now: Date): 'all' | string[] | null {
  const grants = liveGrants(db, datasetPk, holder, now);
  if (!grants.length) return null;
  const fields = new Set<string>();
  for (const g of grants) {
    const list = g.fields ? (JSON.parse(g.fields) as string[] | null) : null;
    if (!list) return 'all';
    for (const f of list) fields.add(f);
  }
  return [...fields];
}

export type NewGrant = GrantHolder & { datasetPk: number; fields?: string[] | null; expiresAt?: string | null; demandId?: string | null };

export function addGrant(db: Db, grant: NewGrant, now: Date): string {
  if (!grant.userId && !grant.keyId && !grant.departmentId) throw new Error('a grant needs a user, a key or a department');
  // A grant that has already lapsed would be written only to grant nothing: refuse it instead.
  if (grant.expiresAt && !(Date.parse(grant.expiresAt) > now.getTime())) throw new Error(`the expiry ${grant.expiresAt} is not in the future`);
  const id = `g_${randomToken(10)}`;
  db.$client
    .prepare('INSERT INTO grants (id, dataset_pk, key_id, user_id, department_id, fields, expires_at, demand_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, grant.datasetPk, grant.keyId ?? null, grant.userId ?? null, grant.departmentId ?? null, grant.fields ? JSON.stringify(grant.fields) : null, grant.expiresAt ?? null, grant.demandId ?? null, now.toISOString());
  return id;
}

export function revokeGrant(db: Db, id: string, now: Date): boolean {
  return db.$client.prepare('UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now.toISOString(), id).changes > 0;
}

export type Reader = GrantHolder & { role?: string | null };

/**
 * The one policy for conditional (有条件开放) data, shared by records and downloads: admins and the
 * owning department read everything; others what their live grants allow. null: no access.
 */
export function conditionalAccess(db: Db, dataset: { pk: number; departmentId: string }, reader: Reader, now: Date): 'all' | string[] | null {
  if (canReadAllOf(reader, dataset.departmentId)) return 'all';
  return grantedFields(db, dataset.pk, reader, now);
}
