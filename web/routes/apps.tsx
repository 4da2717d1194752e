import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { localPath, sessionMiddleware } from '../../src/auth/index.js';
import { moderateApp, submitApp, type AppKind, type ScreenshotUpload } from '../../src/apps/index.js';
import { href, type Lang } from '../i18n.js';
import { htmlErrors, render, requestedUrl, signInUrl, inBothLanguages } from '../render.js';
import { loadAppPage, loadAppsList, loadModerationQueue, readAppsQuery } from '../loaders/apps.js';
import { AppsListPage } from '../pages/apps/list.js';
import { AppPage } from '../pages/apps/app.js';
import { NewAppPage, blankNewApp, type NewAppValues } from '../pages/apps/new.js';
import { ModerationQueuePage } from '../pages/apps/queue.js';
import { appsMessages } from '../pages/apps/messages.js';
import { consoleGuard, consoleUser } from './console-access.js';

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The submission form's fields as typed, and its screenshots (empty file inputs left out). */
async function readSubmission(c: Context<AppEnv>): Promise<{ values: NewAppValues; files: File[] }> {
  const body = await c.req.parseBody({ all: true });
  const values = blankNewApp();
  for (const k of Object.keys(values) as (keyof NewAppValues)[]) values[k] = text(Array.isArray(body[k]) ? body[k][0] : body[k]);
  const raw = body.screenshots;
  const files = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => typeof f !== 'string' && f.size > 0);
  return { values, files };
}

/** Dataset ids or resource codes, one per line (commas and spaces also separate them). */
export const datasetList = (s: string) => [...new Set(s.split(/[\s,，、;；]+/).map((x) => x.trim()).filter(Boolean))];

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const m = appsMessages[lang];
  // Who is looking changes these pages (a submitter's pending app, the review forms): never kept by a shared cache.
  const page = (c: Context<AppEnv>, el: JSX.Element, status: ContentfulStatusCode = 200) => render(c, lang, el, { personal: true, status });
  const viewer = (c: Context<AppEnv>) => c.get('user') ?? null;
  const session = sessionMiddleware(deps);
  app.use('/apps/*', session);
  app.use('/console/apps', session, consoleGuard(lang));

  app.get('/apps', async (c) => page(c, <AppsListPage lang={lang} url={requestedUrl(c)} user={viewer(c)} data={await loadAppsList(deps, lang, viewer(c), readAppsQuery(c.req.query()))} />));

  const fieldLabels: Record<string, string> = { name_zh: m.nameZh, name_en: m.nameEn, kind: m.kind, description_zh: m.descriptionLabel, url: m.urlLabel, contact: m.contactLabel, datasets: m.datasetsLabel };
  /** The field a refused form should look at, named as the form names it; else the service's own words. */
  const detailOf = (err: ApiError) => {
    const field = String((err.extra.errors as { field?: string }[] | undefined)?.[0]?.field ?? '').split('.')[0]!;
    return err.code === 'invalid_body' && fieldLabels[field] ? m.checkField(fieldLabels[field]) : err.message;
  };
  const newForm = (c: Context<AppEnv>, user: SessionUser, values: NewAppValues, err?: ApiError) =>
    page(c, <NewAppPage lang={lang} url={requestedUrl(c)} user={user} data={{ values, error: err?.code, detail: err ? detailOf(err) : undefined }} />, (err?.status ?? 200) as ContentfulStatusCode);
  app.get('/apps/new', async (c) => {
    const user = viewer(c);
    if (!user) return c.redirect(signInUrl(lang, requestedUrl(c)), 303);
    return newForm(c, user, blankNewApp(datasetList(c.req.query('dataset') ?? '').join('\n')));
  });
  app.post('/apps/new', async (c) => {
    const user = viewer(c);
    if (!user) return c.redirect(signInUrl(lang, href(lang, '/apps/new')), 303);
    const { values, files } = await readSubmission(c);
    try {
      const screenshots: ScreenshotUpload[] = await Promise.all(files.map(async (f) => ({ bytes: new Uint8Array(await f.arrayBuffer()), filename: f.name, type: f.type })));
      const input = {
        name_zh: values.name_zh, name_en: values.name_en || null, kind: values.kind as AppKind, description_zh: values.description_zh,
        url: values.url || null, contact: values.contact, datasets: datasetList(values.datasets),
      };
      const created = await submitApp(deps, user, input, screenshots);
      return c.redirect(`${href(lang, `/apps/${created.id}`)}?submitted=1`, 303);
    } catch (err) {
      // A refused submission comes back with what was typed and the reason in the page's language.
      if (err instanceof ApiError && err.status < 500 && err.status !== 401) return newForm(c, user, values, err);
      throw err;
    }
  });

  app.get('/apps/:id', async (c) => {
    const data = await loadAppPage(deps, lang, viewer(c), c.req.param('id'));
    const q = c.req.query();
    const flash = q.submitted === '1' ? m.submittedFlash : q.moderated ? m.moderated[q.moderated] : undefined;
    return page(c, <AppPage lang={lang} url={requestedUrl(c)} user={viewer(c)} data={{ ...data, flash, error: q.error, detail: q.detail }} />);
  });

  app.post('/apps/:id/moderate', async (c) => {
    const id = c.req.param('id');
    const user = viewer(c);
    const body = await c.req.parseBody();
    const back = localPath(text(body.back), href(lang, `/apps/${id}`));
    if (!user) return c.redirect(signInUrl(lang, back), 303);
    const decision = text(body.decision);
    const to = (params: Record<string, string>) => `${back}${back.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`;
    try {
      if (decision !== 'approve' && decision !== 'reject') throw new ApiError(400, 'invalid_body', 'Choose approve or reject.');
      await moderateApp(deps, user, id, { decision, reason: text(body.reason) || undefined });
      return c.redirect(to({ moderated: decision === 'approve' ? 'approved' : 'rejected' }), 303);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500 && err.status !== 404) return c.redirect(to({ error: err.code, detail: err.message.slice(0, 300) }), 303);
      throw err;
    }
  });

  app.get('/console/apps', async (c) => {
    const q = c.req.query();
    const apps = await loadModerationQueue(deps, lang, consoleUser(c));
    const flash = q.moderated ? m.moderated[q.moderated] : undefined;
    return page(c, <ModerationQueuePage lang={lang} url={requestedUrl(c)} user={consoleUser(c)} data={{ apps, flash, error: q.error, detail: q.detail }} />);
  });

  app.onError(htmlErrors(deps, lang, {
    personal: true,
    answer: (err, c) => (err.status === 401 ? c.redirect(signInUrl(lang, requestedUrl(c)), 303) : undefined),
  }));
  return app;
}

/** The app showcase (应用成果, issue 17): Chinese at `/apps`, English at `/en/apps`, and the review queue in the console. */
export function appsPages(deps: AppDeps) {
  return inBothLanguages(new Hono<AppEnv>(), (lang) => pages(deps, lang));
}
