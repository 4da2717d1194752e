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

/**
 * CKAN's metadata_modified: the latest of the last publication (`updated_at`), a metadata edit and a withdrawal
 * (a withdrawal sets `updated_at` back to the previous version's date, which a harvester asking "since" would miss).
 */
export function modifiedOf(source: CkanSource, r: CatalogRow): string {
  const times = [r.updated_at, source.edits.get(r.pk), ...(source.versions.get(r.pk) ?? []).map((v) => v.withdrawnAt)];
  return times.reduce<string>((latest, t) => (t && Date.parse(t) > Date.parse(latest) ? t : latest), r.updated_at);
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
