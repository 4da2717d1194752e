import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { publicOrigin } from '../../src/lib/public-origin.js';
import { sessionMiddleware } from '../../src/auth/index.js';
import { selectDepartments } from '../../src/catalog/index.js';
import { noteDatasetView, requestConsumer } from '../../src/usage/index.js';
import type { Lang } from '../i18n.js';
import { mountStatic } from '../static.js';
import { htmlErrors, render, requestedUrl, inBothLanguages } from '../render.js';
import { loadDatasetPage, loadDepartmentPage, loadHome, loadVersionPage } from '../loaders/catalog.js';
import { readCatalogState } from '../catalog-query.js';
import { loadCatalogSearch } from '../loaders/catalog-search.js';
import { HomePage } from '../pages/home.js';
import { CatalogPage } from '../pages/catalog.js';
import { DatasetPage } from '../pages/dataset.js';
import { VersionPage } from '../pages/version.js';
import { DepartmentPage, DepartmentsPage } from '../pages/department.js';

/** The pages of one language; the same routes are mounted at `/` (Chinese) and `/en` (English). */
function pageRoutes(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, el: JSX.Element) => render(c, lang, el);
  const viewer = (c: Context<AppEnv>) => c.get('user') ?? null;
  // Pages read the session too: the navigation and conditional datasets depend on who is looking.
  app.use('*', sessionMiddleware(deps));

  app.get('/', async (c) => page(c, <HomePage lang={lang} url={requestedUrl(c)} user={viewer(c)} data={await loadHome(deps)} />));
  app.get('/datasets', async (c) => {
    const state = readCatalogState(c.req.query());
    const { result, suggestions } = await loadCatalogSearch(deps, state, lang);
    // Issue 17: a search's first page is logged (buffered, anonymous); its result links carry the search's id.
    const searchId = state.q && !state.cursor && c.req.method === 'GET' ? deps.usage.search({ query: state.q, results: result.total, source: 'web', ip: requestConsumer(c, deps).ip, userAgent: c.req.header('user-agent') ?? '' }) : null;
    return page(c, <CatalogPage lang={lang} url={requestedUrl(c)} user={viewer(c)} state={state} result={result} suggestions={suggestions} origin={publicOrigin(c, deps.env)} searchId={searchId} />);
  });
  app.get('/datasets/:id', async (c) => {
    const data = await loadDatasetPage(deps, c.req.param('id'), viewer(c));
    const res = await page(c, <DatasetPage lang={lang} url={requestedUrl(c)} user={viewer(c)} data={data} origin={publicOrigin(c, deps.env)} />);
    noteDatasetView(c, deps, data.row, res.status);
    return res;
  });
  app.get('/datasets/:id/versions/:n', async (c) => {
    const data = await loadVersionPage(deps, c.req.param('id'), /^\d{1,9}$/.test(c.req.param('n')) ? Number(c.req.param('n')) : NaN, viewer(c));
    return page(c, <VersionPage lang={lang} url={requestedUrl(c)} user={viewer(c)} data={data} />);
  });
  app.get('/departments', async (c) => page(c, <DepartmentsPage lang={lang} url={requestedUrl(c)} user={viewer(c)} departments={await selectDepartments(deps.db)} />));
  app.get('/departments/:id', async (c) => {
    const { department, datasets } = await loadDepartmentPage(deps, c.req.param('id'));
    return page(c, <DepartmentPage lang={lang} url={requestedUrl(c)} user={viewer(c)} department={department} datasets={datasets} />);
  });
  // Everything under /en is ours, so unknown English paths get the HTML 404 page too.
  if (lang === 'en') app.get('*', () => { throw new ApiError(404, 'not_found', 'No such page'); });

  app.onError(htmlErrors(deps, lang));
  return app;
}

/** The catalog's pages (home, datasets, versions, departments) and the portal's static files; mounted last. */
export function catalogPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  mountStatic(app);
  app.get('/en/', (c) => c.redirect('/en', 301));
  return inBothLanguages(app, (lang) => pageRoutes(deps, lang));
}
