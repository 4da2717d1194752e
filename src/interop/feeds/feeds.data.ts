import type { AppDeps } from '../../app-deps.js';
import { selectCatalog, selectDataset, selectDepartment, selectDepartmentRefs, type CatalogRow } from '../../catalog/index.js';
import { selectVersionEvents } from '../../versions/index.js';
import { notFound } from '../../lib/errors.js';
import { catalogNames } from '../vocabulary.js';
import { atomFeed, feedEntryLimit } from './atom.js';
import { sitemapPages } from './sitemap.js';

// What the feeds and the sitemap read, through the catalog's and the versions' public faces.

const epoch = '1970-01-01T00:00:00Z';
const byPk = (rows: readonly CatalogRow[]) => new Map(rows.map((r) => [r.pk, r]));
const newest = (rows: readonly CatalogRow[]) => rows.reduce((max, r) => (r.updated_at > max ? r.updated_at : max), epoch);

export async function portalFeed(deps: AppDeps, origin: string) {
  const datasets = await selectCatalog(deps);
  return atomFeed({
    origin, selfPath: '/feeds/versions.atom', pagePath: '/',
    title: `${catalogNames.zh}：新版本 · ${catalogNames.en}: new versions`,
    subtitle: '全市各部门开放数据集的新版本与撤回 · New and withdrawn versions of the open datasets of every department',
    author: { name: `${catalogNames.zh} / ${catalogNames.en}`, uri: `${origin}/` },
    events: await selectVersionEvents(deps.db, { limit: feedEntryLimit }),
    datasets: byPk(datasets), emptyUpdated: newest(datasets),
  });
}

export async function departmentFeed(deps: AppDeps, origin: string, id: string) {
  const department = await selectDepartment(deps.db, id);
  if (!department) throw notFound('Department', id);
  const datasets = (await selectCatalog(deps)).filter((d) => d.department_id === id);
  const page = `/departments/${encodeURIComponent(id)}`;
  return atomFeed({
    origin, selfPath: `/feeds${page}.atom`, pagePath: page,
    title: `${department.name_zh}：数据集新版本 · ${department.name_en}: new dataset versions`,
    subtitle: `${department.name_zh}开放数据集的新版本与撤回 · New and withdrawn versions of the datasets of ${department.name_en}`,
    author: { name: `${department.name_zh} / ${department.name_en}`, uri: `${origin}${page}` },
    events: await selectVersionEvents(deps.db, { datasetPks: datasets.map((d) => d.pk), limit: feedEntryLimit }),
    datasets: byPk(datasets), emptyUpdated: newest(datasets),
  });
}

export async function datasetFeed(deps: AppDeps, origin: string, id: string) {
  const dataset = await selectDataset(deps.db, id);
  if (!dataset) throw notFound('Dataset', id);
  const page = `/datasets/${encodeURIComponent(id)}`;
  return atomFeed({
    origin, selfPath: `/feeds${page}.atom`, pagePath: page,
    title: `${dataset.title_zh}：版本 · ${dataset.title_en}: versions`,
    subtitle: `${dataset.summary_zh} · ${dataset.summary_en}`,
    author: { name: `${dataset.department_zh} / ${dataset.department_en}`, uri: `${origin}/departments/${encodeURIComponent(dataset.department_id)}` },
    events: await selectVersionEvents(deps.db, { datasetPks: [dataset.pk], limit: feedEntryLimit }),
    datasets: byPk([dataset]), emptyUpdated: dataset.updated_at,
  });
}

/** Every page the sitemap lists. */
export async function sitemapSource(deps: AppDeps) {
  const [datasets, departments, versions] = [await selectCatalog(deps), await selectDepartmentRefs(deps.db), await selectVersionEvents(deps.db)];
  return sitemapPages(datasets, departments, versions);
}
