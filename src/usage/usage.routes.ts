import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { idParam, jsonResponse, problemResponse } from '../lib/schemas.js';
import { sessionMiddleware } from '../auth/index.js';
import { findActiveKey } from '../keys/index.js';
import { DatasetSeriesSchema, DepartmentStatsListSchema, MeUsageSchema, RangeQuery, SeriesQuery, SeriesSchema, TopDatasetsQuery, TopDatasetsSchema } from './usage.schemas.js';
import { datasetSeries, departmentStats, portalSeries, topDatasets } from './usage.stats.js';
import { keyRowForSecret, myUsage } from './usage.me.js';
import { assessmentRoutes } from './assessment.routes.js';
import { OverviewSchema, selectUsageOverview } from './usage.overview.js';
import { selectOverview } from '../catalog/index.js';
import { sessionSecurity } from '../lib/openapi.js';

const tags = ['Statistics'];
const badInput = problemResponse('Invalid parameter: malformed date, a date before 2000-01-01 or in the future, from after to (the problem names the parameter)');

const overviewRoute = createRoute({
  operationId: 'getStatsOverview',
  method: 'get', path: '/api/v1/stats/overview', tags,
  summary: 'Headline figures of the portal: catalog size, downloads, API calls and shares',
  request: { query: z.object({}).strict() },
  responses: { 200: jsonResponse(OverviewSchema, 'Headline figures'), 400: problemResponse('Unknown query parameter') },
});

const departmentsRoute = createRoute({
  operationId: 'listDepartmentStats',
  method: 'get', path: '/api/v1/stats/departments', tags,
  summary: 'Per department: datasets, records, capacity, downloads, API calls, shares, punctuality',
  description: 'Usage within from..to (default: since the first recorded use, up to today); catalog figures as of the end of the range.',
  request: { query: RangeQuery },
  responses: { 200: jsonResponse(DepartmentStatsListSchema, 'All departments'), 400: badInput },
});

const seriesRoute = createRoute({
  operationId: 'getUsageSeries',
  method: 'get', path: '/api/v1/stats/series', tags,
  summary: 'Portal-wide downloads, API calls, deliveries and shares per day or month',
  request: { query: SeriesQuery },
  responses: { 200: jsonResponse(SeriesSchema, 'A dense series: periods without use are zeros'), 400: badInput },
});

const topDatasetsRoute = createRoute({
  operationId: 'listTopDatasets',
  method: 'get', path: '/api/v1/stats/datasets', tags,
  summary: 'The most used datasets (downloads + API calls) in a range',
  request: { query: TopDatasetsQuery },
  responses: { 200: jsonResponse(TopDatasetsSchema, 'Datasets, most used first'), 400: badInput },
});

const datasetRoute = createRoute({
  operationId: 'getDatasetStats',
  method: 'get', path: '/api/v1/stats/datasets/{id}', tags,
  summary: 'One dataset\'s use per day or month, per kind',
  request: { params: idParam('bus-stops'), query: SeriesQuery },
  responses: { 200: jsonResponse(DatasetSeriesSchema, 'The series'), 400: badInput, 404: problemResponse('No such dataset') },
});

const meUsageRoute = createRoute({
  operationId: 'getMyUsage', security: sessionSecurity,
  method: 'get', path: '/api/v1/me/usage', tags: ['API keys'],
  summary: 'My API calls per key per day, and what is left of today\'s quota',
  description: 'Signed in: every active key of yours. With `Authorization: Bearer <key>` instead: that key (this request is not counted against it).',
  request: { query: RangeQuery },
  responses: { 200: jsonResponse(MeUsageSchema, 'Calls per key and day (2xx calls and errors apart)'), 400: badInput, 401: problemResponse('Neither signed in nor a valid key') },
});

/** The caller of /me/usage: the session's user, else the key in the Authorization or X-API-Key header. */
async function usageOwner(c: Context<AppEnv>, deps: AppDeps) {
  const user = c.get('user');
  if (user) return { userId: user.id };
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? c.req.header('x-api-key')?.trim();
  const principal = secret ? await findActiveKey(deps.db, secret) : null;
  const key = principal ? await keyRowForSecret(deps.db, principal.id, principal.ownerUserId) : null;
  if (!key) throw new ApiError(401, 'unauthenticated', 'Sign in, or send one of your API keys as Authorization: Bearer <key>.');
  return { key };
}

export function usageRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('/api/v1/me/usage', sessionMiddleware(deps));
  router
    .openapi(overviewRoute, async (c) => c.json({ ...await selectOverview(deps.db), ...await selectUsageOverview(deps, deps.now()) }, 200))
    .openapi(departmentsRoute, async (c) => c.json(await departmentStats(deps, c.req.valid('query'), deps.now()), 200))
    .openapi(seriesRoute, async (c) => c.json(await portalSeries(deps, c.req.valid('query'), deps.now()), 200))
    .openapi(topDatasetsRoute, async (c) => c.json(await topDatasets(deps, c.req.valid('query'), deps.now()), 200))
    .openapi(datasetRoute, async (c) => c.json(await datasetSeries(deps, c.req.valid('param').id, c.req.valid('query'), deps.now()), 200))
    .openapi(meUsageRoute, async (c) => {
      const owner = await usageOwner(c, deps);
      await deps.usage.flush(); // the caller's latest calls, not only those of the last flush
      c.header('Cache-Control', 'private, no-store');
      return c.json(await myUsage(deps, owner, c.req.valid('query'), deps.now()), 200);
    });
  router.route('/', assessmentRoutes(deps));
  return router;
}
