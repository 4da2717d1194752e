import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { datasets, datasetChanges, departments, themes } from './catalog.table.js';

// The catalog's own rows as written: departments and themes (seeding), datasets' metadata and its change log.

export type NewDepartment = typeof departments.$inferInsert;
export type NewTheme = typeof themes.$inferInsert;
export type NewDataset = typeof datasets.$inferInsert;
export type DatasetMetadata = typeof datasets.$inferSelect;
export type DatasetChange = Record<string, { from: unknown; to: unknown }>;

export async function insertDepartmentsAndThemes(db: Db, newDepartments: NewDepartment[], newThemes: NewTheme[]): Promise<void> {
  db.transaction((tx) => {
    for (const d of newDepartments) tx.insert(departments).values(d).run();
    for (const t of newThemes) tx.insert(themes).values(t).run();
  });
}

/** Returns the new dataset's key. */
export const insertDataset = async (db: Db, values: NewDataset): Promise<number> => db.insert(datasets).values(values).returning({ pk: datasets.pk }).get().pk;

export const departmentExists = async (db: Db, id: string): Promise<boolean> => db.select({ id: departments.id }).from(departments).where(eq(departments.id, id)).get() !== undefined;

export const themeExists = async (db: Db, id: string): Promise<boolean> => db.select({ id: themes.id }).from(themes).where(eq(themes.id, id)).get() !== undefined;

export const datasetIdTaken = async (db: Db, id: string): Promise<boolean> => db.select({ pk: datasets.pk }).from(datasets).where(eq(datasets.id, id)).get() !== undefined;

export const datasetCodeTaken = async (db: Db, code: string): Promise<boolean> => db.select({ pk: datasets.pk }).from(datasets).where(eq(datasets.code, code)).get() !== undefined;

/** The dataset's row as stored (camel-cased columns), for an edit to compare against. */
export const selectDatasetMetadata = async (db: Db, id: string): Promise<DatasetMetadata | undefined> => db.select().from(datasets).where(eq(datasets.id, id)).get();

/** Applies a metadata edit and records who changed what, and when, in one transaction. */
export async function updateDatasetMetadata(db: Db, pk: number, set: Partial<NewDataset>, change: { ts: string; userId: string; changes: DatasetChange }): Promise<void> {
  db.transaction((tx) => {
    tx.update(datasets).set(set).where(eq(datasets.pk, pk)).run();
    tx.insert(datasetChanges).values({ datasetPk: pk, ...change }).run();
  });
}
