import { eq } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { catalogTables } from './catalog.tables.js';

// What the versions feature reads and writes of the datasets table: keys, and the pointer to the latest version.

/** Every dataset's slug by its key (a city catalog is a few hundred rows). */
export async function datasetIdsByPk(db: AnyDb): Promise<Map<number, string>> {
  const { datasets } = catalogTables(db);
  return new Map((await builder(db).select({ pk: datasets.pk, id: datasets.id }).from(datasets)).map((r) => [r.pk, r.id]));
}

export async function datasetIdOf(db: AnyDb, pk: number): Promise<string | undefined> {
  const { datasets } = catalogTables(db);
  return (await builder(db).select({ id: datasets.id }).from(datasets).where(eq(datasets.pk, pk)).limit(1))[0]?.id;
}

export async function datasetPkOf(db: AnyDb, id: string): Promise<number | undefined> {
  const { datasets } = catalogTables(db);
  return (await builder(db).select({ pk: datasets.pk }).from(datasets).where(eq(datasets.id, id)).limit(1))[0]?.pk;
}

/** Each dataset's latest published version (null when none is published) by its key. */
export async function latestVersionsByPk(db: AnyDb): Promise<Map<number, number | null>> {
  const { datasets } = catalogTables(db);
  return new Map((await builder(db).select({ pk: datasets.pk, latest: datasets.latestVersion }).from(datasets)).map((r) => [r.pk, r.latest]));
}

/**
 * Points the dataset at its latest published version (null: none left), with the time it changed and, when a
 * version brings one, the schema the next version must follow. Call it inside the transaction that changes the version.
 */
export async function setLatestVersion(db: AnyDb, pk: number, latest: { n: number | null; updatedAt?: string; schema?: FieldSpec[] }): Promise<void> {
  const { datasets } = catalogTables(db);
  await builder(db)
    .update(datasets)
    .set({ latestVersion: latest.n, ...(latest.updatedAt ? { updatedAt: latest.updatedAt } : {}), ...(latest.schema ? { schema: latest.schema } : {}) })
    .where(eq(datasets.pk, pk));
}

/** A dataset's key and owning department, by its slug. */
export async function datasetRef(db: AnyDb, id: string): Promise<{ pk: number; departmentId: string } | undefined> {
  const { datasets } = catalogTables(db);
  return (await builder(db).select({ pk: datasets.pk, departmentId: datasets.departmentId }).from(datasets).where(eq(datasets.id, id)).limit(1))[0];
}
