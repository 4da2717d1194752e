import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { catalogTables } from './catalog.tables.js';

/** Dataset ids of the given resource codes (资源代码), for those that are datasets of this portal. */
export async function datasetIdsByCode(db: AnyDb, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const { datasets } = catalogTables(db);
  const found = await builder(db).select({ code: datasets.code, id: datasets.id }).from(datasets).where(inArray(datasets.code, codes));
  return new Map(found.map((r) => [r.code, r.id]));
}

export type PublishedDatasetTitle = { id: string; title_zh: string; title_en: string; open_type: string };

/** A dataset with at least one published version, by id; undefined for unknown or not yet published ones. */
export async function publishedDatasetTitle(db: AnyDb, id: string): Promise<PublishedDatasetTitle | undefined> {
  const { datasets } = catalogTables(db);
  const [found] = await builder(db)
    .select({ id: datasets.id, title_zh: datasets.titleZh, title_en: datasets.titleEn, open_type: datasets.openType })
    .from(datasets)
    .where(and(eq(datasets.id, id), isNotNull(datasets.latestVersion)))
    .limit(1);
  return found;
}
