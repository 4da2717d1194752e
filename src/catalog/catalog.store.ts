import { eq, sql } from 'drizzle-orm';
import { builder, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { memoCatalog, type CachedAnyDb } from './catalog.cache.js';
import { byteOrder, catalogTables, inByteOrder } from './catalog.tables.js';

export type CatalogRow = {
  pk: number;
  id: string;
  code: string;
  title_zh: string;
  title_en: string;
  summary_zh: string;
  summary_en: string;
  department_id: string;
  department_zh: string;
  department_en: string;
  theme_id: string;
  theme_zh: string;
  theme_en: string;
  open_type: 'open' | 'conditional';
  share_type: string;
  update_frequency: string;
  license: string;
  keywords: string[];
  keywords_en: string[];
  spatial: string;
  industry: string | null;
  related_codes: string[];
  schema: FieldSpec[];
  created_at: string;
  updated_at: string;
  latest_version: number | null;
  records: number;
  formats: string[];
};

const baseSql = `
  SELECT d.pk, d.id, d.code, d.title_zh, d.title_en, d.summary_zh, d.summary_en,
         d.department_id, p.name_zh AS department_zh, p.name_en AS department_en,
         d.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en,
         d.open_type, d.share_type, d.update_frequency, d.license, d.keywords, d.keywords_en,
         d.spatial, d.industry, d.related_codes, d.schema, d.created_at, d.updated_at, d.latest_version,
         COALESCE(v.row_count, 0) AS records, v.artifacts
    FROM datasets d
    JOIN departments p ON p.id = d.department_id
    JOIN themes t ON t.id = d.theme_id
    LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version`;

const allFormats = ['csv', 'json', 'ndjson', 'xlsx'];

function decode(raw: Record<string, unknown>): CatalogRow {
  const artifacts = raw.artifacts ? Object.keys(JSON.parse(raw.artifacts as string) as object) : [];
  return {
    ...(raw as Omit<CatalogRow, 'keywords' | 'keywords_en' | 'related_codes' | 'schema' | 'formats'>),
    keywords: JSON.parse(raw.keywords as string),
    keywords_en: JSON.parse(raw.keywords_en as string),
    related_codes: JSON.parse(raw.related_codes as string),
    schema: JSON.parse(raw.schema as string),
    // Every published version is downloadable in all formats; artifacts not yet built are built on request.
    formats: raw.latest_version ? allFormats : artifacts,
  };
}

/** The whole catalog with latest-version figures. A city catalog is a few hundred rows: one indexed join. */
export async function selectCatalog({ db, caches }: CachedAnyDb): Promise<readonly CatalogRow[]> {
  return await memoCatalog({ db, caches }, 'catalog', async () => (await rowsOf<Record<string, unknown>>(db, sql.raw(`${baseSql} ORDER BY d.pk`))).map(decode));
}

export async function selectDataset(db: AnyDb, id: string): Promise<CatalogRow | undefined> {
  const [raw] = await rowsOf<Record<string, unknown>>(db, sql`${sql.raw(baseSql)} WHERE d.id = ${id}`);
  return raw && decode(raw);
}

export type DepartmentRow = {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  contact_phone: string | null;
  contact_email: string | null;
  datasets: number;
  records: number;
};

// SUM over PostgreSQL's integer is its bigint, which the client reads as a number.
const departmentSql = `
  SELECT p.id, p.code, p.name_zh, p.name_en, p.contact_phone, p.contact_email,
         COUNT(d.pk) AS datasets, COALESCE(SUM(v.row_count), 0) AS records
    FROM departments p
    LEFT JOIN datasets d ON d.department_id = p.id
    LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version`;

export async function selectDepartments(db: AnyDb): Promise<DepartmentRow[]> {
  return await rowsOf<DepartmentRow>(db, sql.raw(`${departmentSql} GROUP BY p.id ORDER BY p.position, p.id${byteOrder(db)}`));
}

export async function selectDepartment(db: AnyDb, id: string): Promise<DepartmentRow | undefined> {
  return (await rowsOf<DepartmentRow>(db, sql`${sql.raw(departmentSql)} WHERE p.id = ${id} GROUP BY p.id`))[0];
}

export async function selectThemes(db: AnyDb) {
  return await rowsOf<{ id: string; name_zh: string; name_en: string; datasets: number }>(
    db,
    sql.raw(`SELECT t.id, t.name_zh, t.name_en, COUNT(d.pk) AS datasets
               FROM themes t LEFT JOIN datasets d ON d.theme_id = t.id GROUP BY t.id ORDER BY t.position, t.id${byteOrder(db)}`),
  );
}

/** Records are summed from the latest versions' row counts: computed, never typed in. */
export async function selectOverview(db: AnyDb) {
  const [overview] = await rowsOf<{ datasets: number; departments: number; records: number; versions: number }>(
    db,
    sql.raw(`SELECT (SELECT COUNT(*) FROM datasets) AS datasets,
                    (SELECT COUNT(DISTINCT department_id) FROM datasets) AS departments,
                    (SELECT COALESCE(SUM(v.row_count), 0) FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version) AS records,
                    (SELECT COUNT(*) FROM versions WHERE status = 'published') AS versions`),
  );
  return overview!;
}

export type DepartmentRef = { id: string; name_zh: string; name_en: string };

/** Every department's names, in the catalog's order. */
export async function selectDepartmentRefs(db: AnyDb): Promise<DepartmentRef[]> {
  const { departments } = catalogTables(db);
  return await builder(db)
    .select({ id: departments.id, name_zh: departments.nameZh, name_en: departments.nameEn })
    .from(departments)
    .orderBy(departments.position, inByteOrder(db, departments.id));
}

export const selectDepartmentIds = async (db: AnyDb): Promise<string[]> => (await selectDepartmentRefs(db)).map((d) => d.id);

export async function hasDatasets(db: AnyDb): Promise<boolean> {
  const { datasets } = catalogTables(db);
  return (await builder(db).select({ pk: datasets.pk }).from(datasets).limit(1)).length > 0;
}

export type DatasetRef = { pk: number; id: string; title_zh: string; title_en: string; department_id: string };

const datasetRefColumns = ({ datasets }: ReturnType<typeof catalogTables>) => ({
  pk: datasets.pk, id: datasets.id, title_zh: datasets.titleZh, title_en: datasets.titleEn, department_id: datasets.departmentId,
});

export async function selectDatasetRef(db: AnyDb, id: string): Promise<DatasetRef | undefined> {
  const t = catalogTables(db);
  return (await builder(db).select(datasetRefColumns(t)).from(t.datasets).where(eq(t.datasets.id, id)).limit(1))[0];
}

/** Every dataset's key, slug, titles and owner department, by key: what usage figures are grouped and labelled by. */
export async function selectDatasetRefs({ db, caches }: CachedAnyDb): Promise<readonly DatasetRef[]> {
  const t = catalogTables(db);
  return await memoCatalog({ db, caches }, 'dataset-refs', async () => await builder(db).select(datasetRefColumns(t)).from(t.datasets).orderBy(t.datasets.pk));
}

export type PublishedHistory = { pk: number; department_id: string; open_type: string; rows: number; versions: { n: number; at: string }[] };

/** Datasets with at least one published version: the largest row count and every published version's date (for the demo usage). */
export async function selectPublishedHistories(db: AnyDb): Promise<PublishedHistory[]> {
  // SQLite aggregates the versions in the order of their primary key (dataset_pk, n); PostgreSQL is told so.
  const versions = isPg(db) ? "json_agg(json_build_object('n', v.n, 'at', v.published_at) ORDER BY v.n)::text" : "json_group_array(json_object('n', v.n, 'at', v.published_at))";
  const rows = await rowsOf<Omit<PublishedHistory, 'versions'> & { versions: string }>(
    db,
    sql.raw(`SELECT d.pk, d.department_id, d.open_type, COALESCE(MAX(v.row_count), 0) AS rows, ${versions} AS versions
               FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.status = 'published' GROUP BY d.pk ORDER BY d.pk`),
  );
  return rows.map((r) => ({ ...r, versions: JSON.parse(r.versions) as PublishedHistory['versions'] }));
}
