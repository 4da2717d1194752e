import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { requireAllowed, sessionMiddleware } from '../auth/index.js';
import { canReview } from '../auth/index.js';
import { DepartmentDrillDownSchema, DepartmentPeriodQuery, PeriodQuery, ScorecardSchema } from './usage.schemas.js';
import { buildScorecard, sortScorecard } from './assessment.service.js';
import { departmentDrillDown, monthlyReport } from './assessment.drill.js';
import { parsePeriod, utcDay } from './usage.period.js';
import { scorecardCsv } from './report.csv.js';
import { MonthlyReportPage } from './report.page.js';
import { sessionSecurity } from '../lib/openapi.js';

const tags = ['Assessment'];
const reviewerOnly = { 401: problemResponse('Not signed in'), 403: problemResponse('Only reviewers and admins see the assessment') };
const reviewers = requireAllowed(canReview, 'the role reviewer');
const badPeriod = problemResponse('Malformed or future period (the problem names the parameter)');
const weightsFile = 'config/assessment.json';

const scorecardRoute = createRoute({
  operationId: 'getScorecard', security: sessionSecurity,
  method: 'get', path: '/api/v1/assessment', tags, middleware: [reviewers] as const,
  summary: 'Departments\' scorecard for a year or a month (reviewers)',
  description: `Each indicator's value and normalised score (0-100), the weights (${weightsFile}), the total and the rank, and whose data reached which departments. Recompute any figure from usage_events with the SQL in the README.`,
  request: { query: PeriodQuery },
  responses: { 200: jsonResponse(ScorecardSchema, 'The scorecard'), 400: badPeriod, ...reviewerOnly },
});

const departmentRoute = createRoute({
  operationId: 'getAssessmentDepartment', security: sessionSecurity,
  method: 'get', path: '/api/v1/assessment/departments/{id}', tags, middleware: [reviewers] as const,
  summary: 'One department\'s scorecard line with its use over time, consumer departments, datasets and overdue updates (reviewers)',
  request: { params: z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'transport' }) }), query: DepartmentPeriodQuery },
  responses: { 200: jsonResponse(DepartmentDrillDownSchema, 'The drill-down'), 400: badPeriod, 404: problemResponse('No such department'), ...reviewerOnly },
});

const reportRoute = createRoute({
  operationId: 'getMonthlyReport', security: sessionSecurity,
  method: 'get', path: '/api/v1/reports/monthly/{month}.{format}', tags,
  summary: 'Monthly monitoring report as CSV (the scorecard) or printable HTML with SVG charts (reviewers)',
  request: {
    params: z.object({
      month: z.string().openapi({ param: { name: 'month', in: 'path' }, example: '2026-10', description: 'YYYY-MM' }),
      format: z.enum(['csv', 'html']).openapi({ param: { name: 'format', in: 'path' } }),
    }),
    query: z.object({ bom: z.enum(['0', '1']).optional().openapi({ param: { name: 'bom', in: 'query' }, description: 'CSV only: 1 is the file for Excel: a UTF-8 BOM, and the columns headed in Chinese (统计期, 排名…, each indicator by its Chinese name and 得分); without it the header holds the ids' }) }),
  },
  responses: {
    200: { description: 'The report', content: { 'text/csv': { schema: z.string() }, 'text/html': { schema: z.string() } } },
    400: badPeriod,
    404: problemResponse('Unknown format'),
    ...reviewerOnly,
  },
});

const currentYear = (now: Date) => utcDay(new Date(now.getTime() + 8 * 3600_000)).slice(0, 4);

function reportQuery(c: Context<AppEnv>): { bom: boolean } {
  const q = c.req.query();
  const unknown = Object.keys(q).filter((k) => k !== 'bom');
  if (unknown.length) throw new ApiError(400, 'unknown_parameter', `Unknown query parameter: ${unknown.join(', ')}`, { errors: unknown.map((field) => ({ field, message: 'not a known parameter' })) });
  if (q.bom !== undefined && q.bom !== '0' && q.bom !== '1') throw new ApiError(400, 'invalid_parameter', "Invalid query parameter 'bom': must be 0 or 1", { errors: [{ field: 'bom', message: 'must be 0 or 1' }] });
  return { bom: q.bom === '1' };
}

export function assessmentRoutes(deps: AppDeps) {
  const router = createRouter();
  const session = sessionMiddleware(deps);
  for (const path of ['/api/v1/assessment', '/api/v1/assessment/*', '/api/v1/reports/*']) router.use(path, session);
  router
    .openapi(scorecardRoute, async (c) => {
      const { period, sort } = c.req.valid('query');
      const card = await buildScorecard(deps, parsePeriod(period ?? currentYear(deps.now()), 'period', deps.now()));
      const data = sortScorecard(card, sort);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ ...card, weights_file: weightsFile, data, total: data.length }, 200);
    })
    .openapi(departmentRoute, async (c) => {
      const period = parsePeriod(c.req.valid('query').period ?? currentYear(deps.now()), 'period', deps.now());
      c.header('Cache-Control', 'private, no-store');
      return c.json(await departmentDrillDown(deps, c.req.valid('param').id, period, deps.now()), 200);
    });

  // `{month}.{format}` is a partial path segment, which Hono matches only as a regex: documented above, served here.
  router.openAPIRegistry.registerPath(reportRoute);
  router.use('/api/v1/reports/monthly/*', reviewers);
  router.get('/api/v1/reports/monthly/:file{[^/]+}', async (c) => {
    const m = /^(.*)\.(csv|html)$/.exec(c.req.param('file'));
    if (!m) throw new ApiError(404, 'not_found', 'Monthly reports are /api/v1/reports/monthly/YYYY-MM.csv or .html');
    const { bom } = reportQuery(c);
    const month = m[1]!;
    if (!/^\d{4}-\d{2}$/.test(month)) throw new ApiError(400, 'invalid_parameter', `Invalid path parameter 'month': '${month.slice(0, 40)}' is not a month (YYYY-MM)`, { errors: [{ field: 'month', message: 'not YYYY-MM' }] });
    const period = parsePeriod(month, 'month', deps.now());
    const report = await monthlyReport(deps, period, deps.now());
    const headers = { 'Cache-Control': 'private, no-store', 'X-Weights-File': weightsFile };
    if (m[2] === 'csv') {
      return c.body(scorecardCsv(report.card, bom), 200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': `attachment; filename="kaifang-report-${month}.csv"` });
    }
    return c.html(`<!doctype html>${(<MonthlyReportPage report={report} />).toString()}`, 200, headers);
  });
  return router;
}

