import { and, eq, gt, isNull, or, type SQL } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { keysTables } from './keys.tables.js';

// The grants table, through drizzle's query builder (grant-expiry.store.ts answers the demand board's expiries).

export type GrantHolder = { userId?: string | null; keyId?: string | null; departmentId?: string | null };

/** The grants of a dataset live at `nowIso` held by the key, the user or the department; `fields` null: every field. */
export async function selectLiveGrants(db: AnyDb, datasetPk: number, holder: GrantHolder, nowIso: string): Promise<{ id: string; fields: string[] | null }[]> {
  const { grants } = keysTables(db);
  // A NULL part of the holder matches nothing (as `key_id = NULL` would not), so it is left out.
  const held = [
    holder.keyId != null ? eq(grants.keyId, holder.keyId) : null,
    holder.userId != null ? eq(grants.userId, holder.userId) : null,
    holder.departmentId != null ? eq(grants.departmentId, holder.departmentId) : null,
  ].filter((c): c is SQL => c !== null);
  if (!held.length) return [];
  return await builder(db).select({ id: grants.id, fields: grants.fields }).from(grants)
    .where(and(eq(grants.datasetPk, datasetPk), isNull(grants.revokedAt), or(isNull(grants.expiresAt), gt(grants.expiresAt, nowIso)), or(...held)));
}

export type NewGrantRow = { id: string; datasetPk: number; keyId: string | null; userId: string | null; departmentId: string | null; fields: string[] | null; expiresAt: string | null; demandId: string | null; createdAt: string };

export async function insertGrant(db: AnyDb, grant: NewGrantRow): Promise<void> {
  const { grants } = keysTables(db);
  await builder(db).insert(grants).values(grant);
}

/** Whether a live grant was revoked now (false: unknown or revoked already). */
export async function markGrantRevoked(db: AnyDb, id: string, at: string): Promise<boolean> {
  const { grants } = keysTables(db);
  const revoked = await builder(db).update(grants).set({ revokedAt: at }).where(and(eq(grants.id, id), isNull(grants.revokedAt))).returning({ id: grants.id });
  return revoked.length > 0;
}
