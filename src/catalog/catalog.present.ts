import type { CatalogRow } from './catalog.store.js';
import type { DepartmentRow } from './catalog.store.js';

/** Shapes rows into the snake_case API representation (shared by the JSON API and the pages). */
export function presentDataset(r: CatalogRow) {
  return {
    id: r.id,
    code: r.code,
    title_zh: r.title_zh,
    title_en: r.title_en,
    summary_zh: r.summary_zh,
    summary_en: r.summary_en,
    department: { id: r.department_id, name_zh: r.department_zh, name_en: r.department_en },
    theme: { id: r.theme_id, name_zh: r.theme_zh, name_en: r.theme_en },
    open_type: r.open_type,
    update_frequency: r.update_frequency as 'daily',
    keywords: r.keywords,
    keywords_en: r.keywords_en,
    latest_version: r.latest_version,
    records: r.records,
    updated_at: r.updated_at,
    formats: r.formats,
    url: `/api/v1/datasets/${r.id}`,
    html_url: `/datasets/${r.id}`,
  };
}

export function presentDatasetMetadata(r: CatalogRow) {
  return {
    ...presentDataset(r),
    share_type: r.share_type,
    license: r.license,
    spatial: r.spatial,
    industry: r.industry,
    related_codes: r.related_codes,
    created_at: r.created_at,
    fields: r.schema,
  };
}

export function presentDepartment(d: DepartmentRow) {
  return { ...d, url: `/api/v1/departments/${d.id}`, html_url: `/departments/${d.id}` };
}
