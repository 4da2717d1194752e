import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppDeps, AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { href, htmlLang, type Lang } from '../../web/i18n.js';
import { ErrorPage } from '../../web/pages/error.js';
import { StatsPage } from '../../web/pages/stats/public.js';
import { ReviewerPage } from '../../web/pages/stats/reviewer.js';
import { ReviewerDepartmentPage } from '../../web/pages/stats/department.js';
import { sessionMiddleware } from '../auth/auth.middleware.js';
import { selectOverview } from '../catalog/catalog.queries.js';
import { selectUsageOverview } from './usage.overview.js';
import { selectFirstDay, selectTopDatasets } from './stats.queries.js';
import { defaultSeriesFrom, departmentStats, usageSeries } from './usage.stats.js';
import { buildScorecard, sortScorecard } from './assessment.service.js';
import { departmentDrillDown } from './assessment.drill.js';
import { parsePeriod, toRange, utcDay } from './usage.period.js';
import { mountStatsAssets } from './usage.assets.js';

const reviewerRoles = new Set(['reviewer', 'admin']);

const requested = (c: Context) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

/** The city's calendar month now (UTC+8), for "the current period". */
const cityMonth = (now: Date) => utcDay(new Date(now.getTime() + 8 * 3600_000)).slice(0, 7);

function monthsBack(now: Date, count: number): string[] {
  const [y, m] = cityMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
}

/** Years with recorded use (newest first), then the last twelve months. */
function periodChoices(deps: AppDeps): string[] {
  const now = deps.now();
  const thisYear = Number(cityMonth(now).slice(0, 4));
  const firstYear = Math.min(thisYear, Number((selectFirstDay(deps.db) ?? String(thisYear)).slice(0, 4)));
  const years = Array.from({ length: thisYear - firstYear + 1 }, (_, i) => String(thisYear - i));
  return [...years, ...monthsBack(now, 12)];
}

function loadStatsPage(deps: AppDeps) {
  const now = deps.now();
  const today = utcDay(now);
  const range = toRange(defaultSeriesFrom('month')(today), today);
  return {
    catalog: selectOverview(deps.db),
    usage: selectUsageOverview(deps.db, now),
    range: { from: range.from, to: range.to },
    monthly: usageSeries(deps.db, range, 'month').series,
    top: selectTopDatasets(deps.db, range, 10),
    departments: departmentStats(deps.db, { from: range.from, to: range.to }, now),
  };
}

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const render = (c: Context<AppEnv>, page: JSX.Element, status: 200 | 400 | 403 | 404 = 200) => {
    c.header('Content-Language', htmlLang[lang]);
    return c.html(`<!doctype html>${page.toString()}`, status);
  };
  const session = sessionMiddleware(deps);

  app.get('/stats', (c) => render(c, <StatsPage lang={lang} url={requested(c)} data={loadStatsPage(deps)} />));

  // Reviewers only: signed out -> the sign-in page (and back); other roles -> 403.
  for (const path of ['/reviewer', '/reviewer/*']) {
    app.use(path, session, async (c, next) => {
      const user = c.get('user');
      if (!user) return c.redirect(`${href(lang, '/signin')}?next=${encodeURIComponent(requested(c))}`, 303);
      if (!reviewerRoles.has(user.role)) throw new ApiError(403, 'forbidden', lang === 'en' ? 'The assessment is for reviewers.' : '考核看板仅供考核人员查看。');
      c.header('Cache-Control', 'private, no-store');
      await next();
    });
  }
  app.get('/reviewer', (c) => {
    const period = parsePeriod(c.req.query('period') ?? cityMonth(deps.now()).slice(0, 4), 'period', deps.now());
    const card = buildScorecard(deps.db, period);
    const sort = c.req.query('sort') ?? 'rank';
    const data = { card, rows: sortScorecard(card, sort), sort, periods: periodChoices(deps), reportMonths: monthsBack(deps.now(), 12), user: c.get('user')! };
    return render(c, <ReviewerPage lang={lang} url={requested(c)} data={data} />);
  });
  app.get('/reviewer/departments/:id', (c) => {
    const period = parsePeriod(c.req.query('period') ?? cityMonth(deps.now()).slice(0, 4), 'period', deps.now());
    const card = buildScorecard(deps.db, period);
    const drill = departmentDrillDown(deps.db, c.req.param('id'), period, deps.now(), card);
    return render(c, <ReviewerDepartmentPage lang={lang} url={requested(c)} data={{ drill, indicators: card.indicators, periods: periodChoices(deps), user: c.get('user')! }} />);
  });

  app.onError((err, c) => {
    if (!(err instanceof ApiError)) throw err;
    const status = ([400, 403, 404] as const).find((s) => s === err.status) ?? 400;
    return render(c, <ErrorPage lang={lang} url={requested(c)} status={status} detail={err.message} requestId={c.get('requestId')} />, status);
  });
  return app;
}

/** The public statistics page and the reviewers' dashboard, in Chinese at `/` and English at `/en`. */
export function usagePages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  mountStatsAssets(app);
  app.route('/', pages(deps, 'zh'));
  app.route('/en', pages(deps, 'en'));
  return app;
}
