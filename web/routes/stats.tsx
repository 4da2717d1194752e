import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { sessionMiddleware } from '../../src/auth/index.js';
import { canReview } from '../../src/auth/index.js';
import type { Lang } from '../i18n.js';
import { htmlErrors, render, requestedUrl, signInUrl, inBothLanguages } from '../render.js';
import { mountStatsAssets } from '../stats-assets.js';
import { loadDepartmentDrillPage, loadScorecardPage, loadStatsPage } from '../loaders/stats.js';
import { StatsPage } from '../pages/stats/public.js';
import { ReviewerPage } from '../pages/stats/reviewer.js';
import { ReviewerDepartmentPage } from '../pages/stats/department.js';
import { SearchDemandPage } from '../pages/stats/search.js';
import { loadSearchReport } from '../../src/usage/index.js';
import { selectDepartments } from '../../src/catalog/index.js';

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, el: JSX.Element) => render(c, lang, el);
  const session = sessionMiddleware(deps);

  app.get('/stats', async (c) => page(c, <StatsPage lang={lang} url={requestedUrl(c)} data={await loadStatsPage(deps)} />));

  // Reviewers only: signed out -> the sign-in page (and back); other roles -> 403.
  for (const path of ['/reviewer', '/reviewer/*']) {
    app.use(path, session, async (c, next) => {
      const user = c.get('user');
      if (!user) return c.redirect(signInUrl(lang, requestedUrl(c)), 303);
      if (!canReview(user)) throw new ApiError(403, 'forbidden', lang === 'en' ? 'The assessment is for reviewers.' : '考核看板仅供考核人员查看。');
      c.header('Cache-Control', 'private, no-store');
      await next();
    });
  }
  app.get('/reviewer', async (c) => {
    const data = await loadScorecardPage(deps, c.get('user')!, { period: c.req.query('period'), sort: c.req.query('sort') });
    return page(c, <ReviewerPage lang={lang} url={requestedUrl(c)} data={data} />);
  });
  app.get('/reviewer/search', async (c) => {
    const report = await loadSearchReport(deps.db, deps.now(), Number(c.req.query('days')) || undefined);
    return page(c, <SearchDemandPage lang={lang} url={requestedUrl(c)} data={{ report, departments: await selectDepartments(deps.db), user: c.get('user')! }} />);
  });
  app.get('/reviewer/departments/:id', async (c) => {
    const data = await loadDepartmentDrillPage(deps, c.get('user')!, c.req.param('id'), { period: c.req.query('period') });
    return page(c, <ReviewerDepartmentPage lang={lang} url={requestedUrl(c)} data={data} />);
  });

  app.onError(htmlErrors(deps, lang));
  return app;
}

/** The public statistics page and the reviewers' dashboard, in Chinese at `/` and English at `/en`. */
export function statsPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  mountStatsAssets(app);
  return inBothLanguages(app, (lang) => pages(deps, lang));
}
