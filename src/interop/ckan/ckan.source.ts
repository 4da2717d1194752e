import type { AppDeps } from '../../app-deps.js';
import { memoCatalog, selectCatalog, selectDepartments, selectThemes, type CatalogRow, type DepartmentRow } from '../../catalog/index.js';
import { listVersions } from '../../versions/index.js';

export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];
export type ThemeRow = Awaited<ReturnType<typeof selectThemes>>[number];

/** What every CKAN action reads: the catalog, each dataset's versions, the departments and the themes. */
export type CkanSource = {
  rows: readonly CatalogRow[];
  versions: ReadonlyMap<number, VersionRow[]>;
  departments: readonly DepartmentRow[];
  themes: readonly ThemeRow[];
};

/** Read once per catalog change (the catalog's memo is cleared by any dataset, version or department write). */
export async function loadCkanSource(deps: AppDeps): Promise<CkanSource> {
  return await memoCatalog(deps, 'ckan:source', async () => {
    const rows = await selectCatalog(deps);
    const [versions, departments, themes] = await Promise.all([
      Promise.all(rows.map(async (r) => [r.pk, await listVersions(deps.db, r.pk)] as const)),
      selectDepartments(deps.db),
      selectThemes(deps.db),
    ]);
    return { rows, versions: new Map(versions), departments, themes };
  });
}
