import type { Db } from '../db/client.js';
import { randomToken } from '../auth/index.js';
import { canReadAllOf } from '../auth/index.js';
import { insertGrant, markGrantRevoked, selectLiveGrants, type GrantHolder } from './grants.store.js';

export type { GrantHolder };

const liveGrants = async (db: Db, datasetPk: number, holder: GrantHolder, now: Date) => await selectLiveGrants(db, datasetPk, holder, now.toISOString());

/** Whether the holder (a key, its owner, or their department) may read a conditional dataset now. */
export async function hasGrant(db: Db, datasetPk: number, holder: GrantHolder, now: Date = new Date()): Promise<boolean> {
  return (await liveGrants(db, datasetPk, holder, now)).length > 0;
}

/** null: no live grant; 'all': every field; else the union of the granted field subsets. */
export async function grantedFields(db: Db, datasetPk: number, holder: GrantHolder, now: Date): Promise<'all' | string[] | null> {
  const grants = await liveGrants(db, datasetPk, holder, now);
  if (!grants.length) return null;
  const fields = new Set<string>();
  for (const g of grants) {
    if (!g.fields) return 'all';
    for (const f of g.fields) fields.add(f);
  }
  return [...fields];
}

export type NewGrant = GrantHolder & { datasetPk: number; fields?: string[] | null; expiresAt?: string | null; demandId?: string | null };

export async function addGrant(db: Db, grant: NewGrant, now: Date): Promise<string> {
  if (!grant.userId && !grant.keyId && !grant.departmentId) throw new Error('a grant needs a user, a key or a department');
  // A grant that has already lapsed would be written only to grant nothing: refuse it instead.
  if (grant.expiresAt && !(Date.parse(grant.expiresAt) > now.getTime())) throw new Error(`the expiry ${grant.expiresAt} is not in the future`);
  const id = `g_${randomToken(10)}`;
  await insertGrant(db, {
        id, datasetPk: grant.datasetPk, keyId: grant.keyId ?? null, userId: grant.userId ?? null, departmentId: grant.departmentId ?? null,
        fields: grant.fields ?? null, expiresAt: grant.expiresAt ?? null, demandId: grant.demandId ?? null, createdAt: now.toISOString(),
      });
  return id;
}

export async function revokeGrant(db: Db, id: string, now: Date): Promise<boolean> {
  return await markGrantRevoked(db, id, now.toISOString());
}

export type Reader = GrantHolder & { role?: string | null };

/**
 * The one policy for conditional (有条件开放) data, shared by records and downloads: admins and the
 * owning department read everything; others what their live grants allow. null: no access.
 */
export async function conditionalAccess(db: Db, dataset: { pk: number; departmentId: string }, reader: Reader, now: Date): Promise<'all' | string[] | null> {
  if (canReadAllOf(reader, dataset.departmentId)) return 'all';
  return await grantedFields(db, dataset.pk, reader, now);
}
