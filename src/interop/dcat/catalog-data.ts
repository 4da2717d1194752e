import type { AppDeps } from '../../app-deps.js';
import { type CatalogRow, selectCatalog, selectDataset, selectDepartments, selectLastMetadataEdits, selectThemes } from '../../catalog/index.js';
import { type PublishedVersion, publishedVersionsOf } from '../../versions/index.js';
import type { CatalogPageInput } from './catalog-graph.js';
import type { DatasetFacts } from './dataset-graph.js';

export const catalogPageSize = 100;

async function withVersions(deps: AppDeps, rows: readonly CatalogRow[]): Promise<DatasetFacts[]> {
  const byPk = new Map<number, PublishedVersion[]>();
  const [versions, edits] = await Promise.all([publishedVersionsOf(deps.db, rows.map((r) => r.pk)), selectLastMetadataEdits(deps.db)]);
  for (const v of versions) byPk.set(v.datasetPk, [...(byPk.get(v.datasetPk) ?? []), v]);
  return rows.map((row) => ({ row, versions: byPk.get(row.pk) ?? [], lastEdit: edits.get(row.pk) }));
}

/** What page `page` of the catalog says, read through the catalog's and versions' public faces; null past the last page. */
export async function loadCatalogPage(deps: AppDeps, page: number): Promise<CatalogPageInput | null> {
  const all = await selectCatalog(deps);
  const last = Math.max(1, Math.ceil(all.length / catalogPageSize));
  if (page > last) return null;
  const rows = all.slice((page - 1) * catalogPageSize, page * catalogPageSize);
  const [datasets, departments, themes] = await Promise.all([withVersions(deps, rows), selectDepartments(deps.db), selectThemes(deps.db)]);
  return { all, datasets, departments, themes, page: { page, pageSize: catalogPageSize, totalItems: all.length } };
}

/** One dataset's facts, or null when there is no such dataset. */
export async function loadDataset(deps: AppDeps, id: string) {
  const row = await selectDataset(deps.db, id);
  if (!row) return null;
  const [[facts], departments, themes] = await Promise.all([withVersions(deps, [row]), selectDepartments(deps.db), selectThemes(deps.db)]);
  return { facts: facts!, departments, themes };
}
