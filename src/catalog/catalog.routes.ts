import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppDeps } from '../app-deps.js';
import { idParam, jsonResponse, problemResponse } from '../lib/schemas.js';
import { notFound } from '../lib/errors.js';
import { DatasetListSchema, DatasetQuerySchema, DepartmentSchema, ThemeSchema } from './catalog.schemas.js';
import { listDatasets } from './catalog.service.js';
import { selectDepartment, selectDepartments, selectThemes } from './catalog.store.js';
import { presentDataset, presentDepartment } from './catalog.present.js';
import { linkNext } from '../lib/links.js';
import { clientAddress } from '../lib/client-address.js';

const tags = ['Catalog'];
const noQuery = z.object({}).strict();

const listDatasetsRoute = createRoute({
  operationId: 'listDatasets',
  method: 'get',
  path: '/api/v1/datasets',
  tags,
  summary: 'Search and filter the catalog',
  description:
    '`q` searches titles, keywords, summaries, field labels and department names; Chinese is segmented into words and character pairs, so any two characters find what contains them. ' +
    'The query is widened by the portal\'s synonym and near-word list (config/search-synonyms.json, edited by the operator): a query containing 公交车 is also searched as 公交, 天气 as 气象, 医保 as 医疗保障, 社保 as 社会保险. ' +
    'When that finds nothing, each Chinese word of three or more characters is tried by its first two (充电桩站 finds 充电站). The HTML page (/datasets) uses the same search.',
  request: { query: DatasetQuerySchema },
  responses: { 200: jsonResponse(DatasetListSchema, 'A page of datasets with facet counts'), 400: problemResponse('Invalid parameter') },
});

const listDepartmentsRoute = createRoute({
  operationId: 'listDepartments',
  method: 'get',
  path: '/api/v1/departments',
  tags,
  summary: 'Data-providing departments with dataset counts and record totals',
  request: { query: noQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(DepartmentSchema), total: z.number().int() }), 'All departments'), 400: problemResponse('Unknown query parameter') },
});

const getDepartmentRoute = createRoute({
  operationId: 'getDepartment',
  method: 'get',
  path: '/api/v1/departments/{id}',
  tags,
  summary: 'One department',
  request: { params: idParam('transport'), query: noQuery },
  responses: { 200: jsonResponse(DepartmentSchema, 'The department'), 404: problemResponse('No such department') },
});

const listThemesRoute = createRoute({
  operationId: 'listThemes',
  method: 'get',
  path: '/api/v1/themes',
  tags,
  summary: 'Themes (主题分类)',
  request: { query: noQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(ThemeSchema), total: z.number().int() }), 'All themes'), 400: problemResponse('Unknown query parameter') },
});

export function catalogRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(listDatasetsRoute, async (c) => {
      const query = c.req.valid('query');
      const result = await listDatasets(deps, query);
      // Issue 17: a search (first page) is demand evidence, logged by the usage recorder without who asked.
      if (query.q && !query.cursor) deps.usage.search({ query: query.q, results: result.total, source: 'api', ip: clientAddress(c, deps.env.KAIFANG_TRUST_PROXY === '1'), userAgent: c.req.header('user-agent') ?? '' });
      if (result.next_cursor) c.header('Link', linkNext(c.req.url, result.next_cursor));
      return c.json({ ...result, data: result.data.map(presentDataset) }, 200);
    })
    .openapi(listDepartmentsRoute, async (c) => {
      const data = (await selectDepartments(deps.db)).map(presentDepartment);
      return c.json({ data, total: data.length }, 200);
    })
    .openapi(getDepartmentRoute, async (c) => {
      const { id } = c.req.valid('param');
      const d = await selectDepartment(deps.db, id);
      if (!d) throw notFound('Department', id);
      return c.json(presentDepartment(d), 200);
    })
    .openapi(listThemesRoute, async (c) => {
      const data = await selectThemes(deps.db);
      return c.json({ data, total: data.length }, 200);
    });
}
