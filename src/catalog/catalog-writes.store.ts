import { eq } from 'drizzle-orm';
import type { SqliteDb } from '../db/client.js';
import { builder, isPg, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { datasets, datasetChanges, departments, themes } from './catalog.table.js';
import { catalogTables } from './catalog.tables.js';

// The catalog's own rows as written: departments and themes (seeding), datasets' metadata and its change log.

export type NewDepartment = typeof departments.$inferInsert;
export type NewTheme = typeof themes.$inferInsert;
export type NewDataset = typeof datasets.$inferInsert;
export type DatasetMetadata = typeof datasets.$inferSelect;
export type DatasetChange = Record<string, { from: unknown; to: unknown }>;

export async function insertDepartmentsAndThemes(db: AnyDb, newDepartments: NewDepartment[], newThemes: NewTheme[]): Promise<void> {
  if (!isPg(db)) {
    (db as SqliteDb).transaction((tx) => {
      for (const d of newDepartments) tx.insert(departments).values(d).run();
      for (const t of newThemes) tx.insert(themes).values(t).run();
    });
    return;
  }
  await inTransaction(db, async (tx) => {
    const t = catalogTables(tx);
    if (newDepartments.length) await builder(tx).insert(t.departments).values(newDepartments);
    if (newThemes.length) await builder(tx).insert(t.themes).values(newThemes);
  });
}

/** Returns the new dataset's key. */
export async function insertDataset(db: AnyDb, values: NewDataset): Promise<number> {
  const t = catalogTables(db);
  const [row] = await builder(db).insert(t.datasets).values(values).returning({ pk: t.datasets.pk });
  return row!.pk;
}

export async function departmentExists(db: AnyDb, id: string): Promise<boolean> {
  const t = catalogTables(db);
  return (await builder(db).select({ id: t.departments.id }).from(t.departments).where(eq(t.departments.id, id)).limit(1)).length > 0;
}

export async function themeExists(db: AnyDb, id: string): Promise<boolean> {
  const t = catalogTables(db);
  return (await builder(db).select({ id: t.themes.id }).from(t.themes).where(eq(t.themes.id, id)).limit(1)).length > 0;
}

export async function datasetIdTaken(db: AnyDb, id: string): Promise<boolean> {
  const t = catalogTables(db);
  return (await builder(db).select({ pk: t.datasets.pk }).from(t.datasets).where(eq(t.datasets.id, id)).limit(1)).length > 0;
}

export async function datasetCodeTaken(db: AnyDb, code: string): Promise<boolean> {
  const t = catalogTables(db);
  return (await builder(db).select({ pk: t.datasets.pk }).from(t.datasets).where(eq(t.datasets.code, code)).limit(1)).length > 0;
}

/** The dataset's row as stored (camel-cased columns), for an edit to compare against. */
export async function selectDatasetMetadata(db: AnyDb, id: string): Promise<DatasetMetadata | undefined> {
  const t = catalogTables(db);
  return (await builder(db).select().from(t.datasets).where(eq(t.datasets.id, id)).limit(1))[0];
}

/** Applies a metadata edit and records who changed what, and when, in one transaction. */
export async function updateDatasetMetadata(db: AnyDb, pk: number, set: Partial<NewDataset>, change: { ts: string; userId: string; changes: DatasetChange }): Promise<void> {
  if (!isPg(db)) {
    (db as SqliteDb).transaction((tx) => {
      tx.update(datasets).set(set).where(eq(datasets.pk, pk)).run();
      tx.insert(datasetChanges).values({ datasetPk: pk, ...change }).run();
    });
    return;
  }
  await inTransaction(db, async (tx) => {
    const t = catalogTables(tx);
    await builder(tx).update(t.datasets).set(set).where(eq(t.datasets.pk, pk));
    await builder(tx).insert(t.datasetChanges).values({ datasetPk: pk, ...change });
  });
}
