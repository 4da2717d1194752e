import type { SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { conditionalAccess } from '../../src/keys/index.js';
import { parseRecordsQuery } from '../../src/records/index.js';
import { notFound } from '../../src/lib/errors.js';
import { listDatasets, selectDepartment, selectDepartments, selectOverview, selectThemes, type CatalogRow, datasetIdsByCode } from '../../src/catalog/index.js';
import { getDatasetDetail, getVersion, listVersions, type Row, firstRows, versionQuality } from '../../src/versions/index.js';
import { selectDatasetViews } from '../../src/usage/index.js';
import { appsUsingDataset } from '../../src/apps/index.js';
import type { FieldSpec } from '../../src/lib/field-spec.js';

export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];
/** `newestBy`: the date or time field the rows are ordered by, newest first (a time series); null: stored order. */
export type Preview = { fields: FieldSpec[]; rows: Row[]; total: number; newestBy: FieldSpec | null } | { conditional: true } | { unavailable: true } | null;

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
  const newestBy = timeField(latest.schema);
  const newest = newestBy && await newestRows(deps, row.id, latest.n, latest.schema, newestBy);
  if (newest) return { fields: latest.schema, rows: newest, total: latest.rowCount, newestBy };
  return { fields: latest.schema, rows: await firstRows(deps.db, row.pk, latest.n, latest.schema, previewSize), total: latest.rowCount, newestBy: null };
}

/** The field a time series is read by: its first required date or time field, else its first date or time field. */
export function timeField(schema: FieldSpec[]): FieldSpec | null {
  const times = schema.filter((f) => f.type === 'date' || f.type === 'datetime');
  return times.find((f) => f.required) ?? times[0] ?? null;
}

/**
 * The newest rows of a time series, through the records API's reader (`sort=-field`, nulls never first, the primary
 * key breaking ties), so a large version is read as the API would; null if that read is refused (then stored order).
 */
async function newestRows(deps: AppDeps, id: string, n: number, schema: FieldSpec[], field: FieldSpec): Promise<Row[] | null> {
  try {
    const target = await deps.records.resolver.pinned(id, n);
    const params: [string, string][] = [['sort', `-${field.name}`], ['limit', String(previewSize)]];
    // Rows without a date say nothing about what is newest (and PostgreSQL would sort them first).
    if (!field.required) params.push([`${field.name}__isnull`, 'false']);
    const query = parseRecordsQuery(params, schema, undefined);
    const page = await deps.records.reader.rowsPage(target, query, null, previewSize);
    return page.rows.length ? page.rows : null;
  } catch {
    return null;
  }
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
    // Counted page views, all time (issue 17; shown among the facts).
    views: await selectDatasetViews(deps, row.pk),
    // Approved apps naming this dataset (issue 17: "用于 N 个应用").
    apps: await appsUsingDataset(deps, row.pk),
    // The latest version's data-quality profile, as stored when it was published (issue 19; null while not computed).
    quality: row.latest_version ? await versionQuality(deps.db, row.pk, row.latest_version) : null,
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
