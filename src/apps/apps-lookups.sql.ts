import { sql } from 'drizzle-orm';
import { rowsOf, type AnyDb } from '../db/engine.js';

// What the showcase reads of other features' tables, read-only, in one statement each: the datasets an app names
// (catalog), and the evidence of use (the usage log joined to the submitter's API keys).

export type DatasetRefRow = { pk: number; id: string; code: string; title_zh: string; title_en: string | null; department_id: string; theme_id: string | null };

const inList = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

export async function datasetRefsByIds(db: AnyDb, ids: readonly string[]): Promise<DatasetRefRow[]> {
  if (!ids.length) return [];
  return rowsOf<DatasetRefRow>(db, sql`SELECT pk, id, code, title_zh, title_en, department_id, theme_id FROM datasets WHERE id IN (${inList(ids)})`);
}

export async function datasetRefsByPks(db: AnyDb, pks: readonly number[]): Promise<Map<number, DatasetRefRow>> {
  if (!pks.length) return new Map();
  const rows = await rowsOf<DatasetRefRow>(db, sql`SELECT pk, id, code, title_zh, title_en, department_id, theme_id FROM datasets WHERE pk IN (${inList([...new Set(pks)])})`);
  return new Map(rows.map((r) => [Number(r.pk), { ...r, pk: Number(r.pk) }]));
}

/** Of `pks`, those some API key of this user called with a 2xx records answer at or after `sinceIso`. */
export async function datasetPksCalledByKeysOf(db: AnyDb, userId: string, pks: readonly number[], sinceIso: string): Promise<number[]> {
  if (!pks.length) return [];
  const rows = await rowsOf<{ pk: number }>(db, sql`
    SELECT DISTINCT e.dataset_pk AS pk FROM usage_events e JOIN api_keys k ON k.id = e.key_id
    WHERE k.owner_user_id = ${userId} AND e.kind = 'api' AND e.status >= 200 AND e.status < 300
      AND e.ts >= ${sinceIso} AND e.dataset_pk IN (${inList(pks)})`);
  return rows.map((r) => Number(r.pk));
}

export async function hasApiKeys(db: AnyDb, userId: string): Promise<boolean> {
  return (await rowsOf(db, sql`SELECT 1 AS one FROM api_keys WHERE owner_user_id = ${userId} LIMIT 1`)).length > 0;
}
