import type { AppDeps } from '../../app-deps.js';
import { memoCatalog, selectCatalog, selectDepartments, selectLastMetadataEdits, selectThemes, type CatalogRow, type DepartmentRow } from '../../catalog/index.js';
import { listVersions } from '../../versions/index.js';

export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];
export type ThemeRow = Awaited<ReturnType<typeof selectThemes>>[number];

/** What every CKAN action reads: the catalog, each dataset's versions, the departments and the themes. */
export type CkanSource = {
  rows: readonly CatalogRow[];
  versions: ReadonlyMap<number, VersionRow[]>;
  departments: readonly DepartmentRow[];
  themes: readonly ThemeRow[];
  /** Each dataset's last metadata edit, by key. */
  edits: ReadonlyMap<number, string>;
};

/** CKAN's metadata_modified: the latest of a version's publication (or withdrawal) and a metadata edit. */
export function modifiedOf(source: CkanSource, r: CatalogRow): string {
  const edit = source.edits.get(r.pk);
  return edit && Date.parse(edit) > Date.parse(r.updated_at) ? edit : r.updated_at;
}

/** Read once per catalog change (the catalog's memo is cleared by any dataset, version or department write). */
export async function loadCkanSource(deps: AppDeps): Promise<CkanSource> {
  return await memoCatalog(deps, 'ckan:source', async () => {
    const rows = await selectCatalog(deps);
    const [versions, departments, themes, edits] = await Promise.all([
      Promise.all(rows.map(async (r) => [r.pk, await listVersions(deps.db, r.pk)] as const)),
      selectDepartments(deps.db),
      selectThemes(deps.db),
      selectLastMetadataEdits(deps.db),
    ]);
    return { rows, versions: new Map(versions), departments, themes, edits };
  });
}
