import type { Indicator } from './assessment.indicators.js';
import { departmentFigureMap, searchDemandAnsweredSql, selectDepartmentViews } from './utilisation-indicators.sql.js';

// Utilisation evidence (利用实效, issue 17) recorded by the usage feature: dataset page views and catalog searches.
// The apps built on the data are the apps feature's indicator (src/apps/apps-indicators.sql.ts).

/** The documented views statement: COUNTER unique views over the raw events, as the downloads indicator's. */
const viewsSql = `SELECT owner_department_id AS department_id, COUNT(*) AS value
  FROM (SELECT DISTINCT owner_department_id, substr(ts, 1, 10) AS day, dataset_pk, unique_consumer
          FROM usage_events
         WHERE kind = 'view' AND is_robot = 0 AND status BETWEEN 200 AND 299
           AND ts >= :start AND ts < :end)
 GROUP BY owner_department_id`;

export const utilisationIndicators: Indicator[] = [
  {
    id: 'views', label_zh: '浏览量', label_en: 'Page views', higherIsBetter: true,
    description: 'Unique views (COUNTER) of the department\'s dataset pages: each consumer once per dataset and day; robots left out (the figure the dataset page and the statistics show).',
    compute: async (reads, p) => await selectDepartmentViews(reads, p), sql: viewsSql,
  },
  {
    id: 'search_demand_answered', label_zh: '搜索需求响应', label_en: 'Search demand answered', higherIsBetter: true,
    description: 'Catalog queries of the period that found nothing (2+ characters) and were answered by a dataset of the department first published after that search and by the end of the period: the query occurs in its Chinese or English title or one of its keywords (ASCII letters compared lower-cased). Distinct queries.',
    compute: async ({ db }, p) => await departmentFigureMap(db, searchDemandAnsweredSql, p), sql: searchDemandAnsweredSql.sqlite,
  },
];
