import type { CachedDb } from '../catalog/index.js';
import { departmentFigureMap, indicatorStatement, type Indicator, type IndicatorDetails, type Period } from '../usage/index.js';
import { selectAppsApprovedBetween } from './apps-report.store.js';

/**
 * The showcase's part of the assessment (利用实效): approved apps using a department's data. An app counts in the
 * period in which it was approved (decided_at, while its status is still 'approved'), once for each department
 * whose dataset it names. Demo apps count, as the demo usage and demo demands do (the README says how to drop them).
 */
const appsSql = indicatorStatement((d) => `SELECT ds.department_id, COUNT(DISTINCT a.id) AS value
  FROM apps a JOIN app_datasets ad ON ad.app_id = a.id JOIN datasets ds ON ds.pk = ad.dataset_pk
 WHERE a.status = 'approved' AND ${d.bytes('a.decided_at')} >= :start AND ${d.bytes('a.decided_at')} < :end
 GROUP BY ds.department_id`);

async function approvedApps({ db }: CachedDb, p: Period): Promise<IndicatorDetails> {
  const rows = await selectAppsApprovedBetween(db, p.start, p.end);
  return {
    title_zh: '应用成果', title_en: 'Apps',
    items: rows.map((r) => ({ department_id: r.department_id, name_zh: r.name_zh, name_en: r.name_en ?? r.name_zh, href: `/apps/${encodeURIComponent(r.id)}`, at: r.decided_at, demo: Number(r.is_demo) === 1 })),
  };
}

export const appsIndicators: Indicator[] = [
  {
    id: 'apps', label_zh: '应用成果数', label_en: 'Apps', higherIsBetter: true,
    description: 'Apps and results built on the department\'s data, approved in the period (each app once per department whose dataset it names; demo apps included).',
    compute: async ({ db }, p) => await departmentFigureMap(db, appsSql, p), sql: appsSql.sqlite,
    details: approvedApps,
  },
];
