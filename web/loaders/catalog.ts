import type { SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { conditionalAccess } from '../../src/keys/index.js';
import { notFound } from '../../src/lib/errors.js';
import { listDatasets, selectDepartment, selectDepartments, selectOverview, selectThemes, type CatalogRow, datasetIdsByCode } from '../../src/catalog/index.js';
import { getDatasetDetail, getVersion, listVersions, type Row, firstRows } from '../../src/versions/index.js';
import type { FieldSpec } from '../../src/lib/field-spec.js';

export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];
export type Preview = { fields: FieldSpec[]; rows: Row[]; total: number } | { conditional: true } | { unavailable: true } | null;

export const previewSize = 20;

export async function loadHome(deps: AppDeps) {
  return {
    overview: await selectOverview(deps.db),
    themes: await selectThemes(deps.db),
    departments: await selectDepartments(deps.db),
    recent: (await listDatasets(deps, { sort: '-updated', limit: 6 })).data,
  };
}

/** Whole files and rows: open data for everyone; conditional data for its department, admins and whole grants. */
export async function canReadWhole(deps: AppDeps, row: CatalogRow, viewer: SessionUser | null): Promise<boolean> {
  if (row.open_type === 'open') return true;
  if (!viewer) return false;
  return await conditionalAccess(deps.db, { pk: row.pk, departmentId: row.department_id }, { userId: viewer.id, departmentId: viewer.departmentId, role: viewer.role }, deps.now()) === 'all';
}

/** The first rows of the latest published version; conditional datasets show none without a grant. */
async function loadPreview(deps: AppDeps, row: CatalogRow, versions: VersionRow[], whole: boolean): Promise<Preview> {
  if (!whole) return { conditional: true };
  const latest = versions.find((v) => v.n === row.latest_version && v.status === 'published');
  if (!latest) return null;
  if (latest.unavailableReason) return { unavailable: true }; // its rows table is missing
  return { fields: latest.schema, rows: await firstRows(deps.db, row.pk, latest.n, latest.schema, previewSize), total: latest.rowCount };
}

export async function loadDatasetPage(deps: AppDeps, id: string, viewer: SessionUser | null) {
  const { row, versions } = await getDatasetDetail(deps, id);
  const downloadable = await canReadWhole(deps, row, viewer);
  return {
    row,
    versions,
    downloadable,
    department: await selectDepartment(deps.db, row.department_id),
    // Related resource codes that are datasets of this portal become links.
    related: await datasetIdsByCode(deps.db, row.related_codes),
    preview: await loadPreview(deps, row, versions, downloadable),
  };
}

export async function loadVersionPage(deps: AppDeps, id: string, n: number, viewer: SessionUser | null) {
  const { row } = await getDatasetDetail(deps, id);
  const version = Number.isSafeInteger(n) && n > 0 ? await getVersion(deps.db, row.pk, n) : undefined;
  if (!version) throw notFound('Version', `${id}/${n}`);
  return { row, version, downloadable: await canReadWhole(deps, row, viewer) };
}

export async function loadDepartmentPage(deps: AppDeps, id: string) {
  const department = await selectDepartment(deps.db, id);
  if (!department) throw notFound('Department', id);
  return { department, datasets: (await listDatasets(deps, { department: id, sort: 'title', limit: 1000 })).data };
}
