import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { datasets } from './catalog.table.js';

// What the versions feature reads and writes of the datasets table: keys, and the pointer to the latest version.

/** Every dataset's slug by its key (a city catalog is a few hundred rows). */
export async function datasetIdsByPk(db: Db): Promise<Map<number, string>> {
  return new Map(db.select({ pk: datasets.pk, id: datasets.id }).from(datasets).all().map((r) => [r.pk, r.id]));
}

export const datasetIdOf = async (db: Db, pk: number): Promise<string | undefined> =>
  db.select({ id: datasets.id }).from(datasets).where(eq(datasets.pk, pk)).get()?.id;

export const datasetPkOf = async (db: Db, id: string): Promise<number | undefined> =>
  db.select({ pk: datasets.pk }).from(datasets).where(eq(datasets.id, id)).get()?.pk;

/** Each dataset's latest published version (null when none is published) by its key. */
export async function latestVersionsByPk(db: Db): Promise<Map<number, number | null>> {
  return new Map(db.select({ pk: datasets.pk, latest: datasets.latestVersion }).from(datasets).all().map((r) => [r.pk, r.latest]));
}

/**
 * Points the dataset at its latest published version (null: none left), with the time it changed and, when a
 * version brings one, the schema the next version must follow. Call it inside the transaction that changes the version.
 */
export async function setLatestVersion(db: Db, pk: number, latest: { n: number | null; updatedAt?: string; schema?: FieldSpec[] }): Promise<void> {
  db.update(datasets)
    .set({ latestVersion: latest.n, ...(latest.updatedAt ? { updatedAt: latest.updatedAt } : {}), ...(latest.schema ? { schema: latest.schema } : {}) })
    .where(eq(datasets.pk, pk))
    .run();
}

/** A dataset's key and owning department, by its slug. */
export const datasetRef = async (db: Db, id: string): Promise<{ pk: number; departmentId: string } | undefined> =>
  db.select({ pk: datasets.pk, departmentId: datasets.departmentId }).from(datasets).where(eq(datasets.id, id)).get();
