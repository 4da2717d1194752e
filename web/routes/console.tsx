import path from 'node:path';
import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError, type ProblemDetail } from '../../src/lib/errors.js';
import { sessionMiddleware } from '../../src/auth/index.js';
import { canAdmin } from '../../src/auth/index.js';
import { withdrawVersion, publishVersion, receiveUpload, type Upload } from '../../src/versions/index.js';
import { auditFrom } from '../../src/audit/index.js';
import { departmentChoices, selectConsoleDatasets } from '../../src/catalog/index.js';
import { href, type Lang } from '../i18n.js';
import { htmlErrors, render, requestedUrl, inBothLanguages } from '../render.js';
import { ConsoleForbiddenPage } from '../pages/console/forbidden.js';
import { ConsoleHomePage } from '../pages/console/home.js';
import { PublishPage, type PublishFailure } from '../pages/console/publish.js';
import { ConsoleVersionsPage, type VersionsData } from '../pages/console/versions.js';
import { consoleMessages } from '../pages/console/messages.js';
import { consoleScript } from '../pages/console/script.js';
import { consoleGuard, consoleUser, ownDataset } from './console-access.js';
import { mountDatasetForms } from './console-datasets.js';

/** Why an upload was refused, for the form: row-level problems, a missing part, or one message. */
function failureOf(lang: Lang, err: ApiError): PublishFailure {
  const c = consoleMessages[lang];
  const errors = (err.extra.errors ?? []) as ProblemDetail[];
  const fields = { change_note: errors.some((e) => e.field === 'change_note') ? c.required : undefined, file: errors.some((e) => e.field === 'file') ? c.chooseFile : undefined };
  if (fields.change_note || fields.file) return { fields };
  const rowLevel = errors.filter((e) => !e.field);
  if (rowLevel.length) return { problems: { errors: rowLevel, count: Number(err.extra.error_count ?? rowLevel.length) } };
  return { heading: c.uploadErrors[err.code] ?? c.refused, detail: err.message };
}

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  // Console pages are personal: never kept by a shared cache.
  const renderPage = (c: Context<AppEnv>, el: JSX.Element, status: ContentfulStatusCode = 200) => render(c, lang, el, { status, personal: true });
  const session = sessionMiddleware(deps);
  const guard = consoleGuard(lang);
  app.use('/console', session, guard);
  app.use('/console/*', session, guard);

  app.get('/console', async (c) => {
    const user = consoleUser(c);
    const departments = await departmentChoices(deps.db);
    const isAdmin = canAdmin(user);
    const wanted = isAdmin ? c.req.query('department') || null : user.departmentId;
    const department = departments.find((d) => d.id === wanted) ?? null;
    const datasets = await selectConsoleDatasets(deps.db, isAdmin ? (department?.id ?? null) : user.departmentId, deps.now());
    return renderPage(c, <ConsoleHomePage lang={lang} url={requestedUrl(c)} user={user} data={{ datasets, department, departments: isAdmin ? departments : null }} />);
  });

  const publishForm = async (c: Context<AppEnv>, extra: { changeNote?: string; failure?: PublishFailure; created?: boolean } = {}, status: 200 | 409 | 413 | 415 | 422 = 200) => {
    const { row } = await ownDataset(deps, c);
    return renderPage(c, <PublishPage lang={lang} url={requestedUrl(c)} user={consoleUser(c)} dataset={row} {...extra} />, status);
  };
  const refused = async (c: Context<AppEnv>, err: unknown, changeNote = '') => {
    if (!(err instanceof ApiError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
    return await publishForm(c, { changeNote, failure: failureOf(lang, err) }, err.status as 422);
  };

  app.get('/console/datasets/:id/publish', async (c) => await publishForm(c, { created: c.req.query('created') === '1' }));
  // The same path as POST /api/v1/datasets/{id}/versions: streamed to a temp file, then published all or nothing.
  app.post('/console/datasets/:id/publish', async (c) => {
    const { row } = await ownDataset(deps, c);
    let upload: Upload;
    try {
      upload = await receiveUpload(c.req.raw, deps.env.KAIFANG_UPLOAD_LIMIT_MB * 1048576, path.join(deps.env.dataDir, 'uploads'));
    } catch (err) {
      return await refused(c, err);
    }
    const changeNote = upload.fields.change_note ?? '';
    try {
      if (upload.bytes === 0 && !upload.filename) return await publishForm(c, { changeNote, failure: { fields: { file: consoleMessages[lang].chooseFile } } }, 422);
      const v = await publishVersion(deps, { datasetId: row.id, filePath: upload.filePath, changeNote, publishedBy: consoleUser(c).id, audit: auditFrom(c) });
      return c.redirect(`${href(lang, `/console/datasets/${row.id}/versions`)}?published=${v.n}`, 303);
    } catch (err) {
      return await refused(c, err, changeNote);
    } finally {
      upload.cleanup();
    }
  });

  const versionsPage = async (c: Context<AppEnv>, extra: Partial<VersionsData> = {}, status: 200 | 409 | 422 = 200) => {
    const { row, versions } = await ownDataset(deps, c);
    const flash = (name: string) => (/^\d{1,9}$/.test(c.req.query(name) ?? '') ? Number(c.req.query(name)) : undefined);
    const published = versions.find((v) => v.n === flash('published') && v.status === 'published');
    const data: VersionsData = { dataset: row, versions, published, withdrawn: flash('withdrawn'), ...extra };
    return renderPage(c, <ConsoleVersionsPage lang={lang} url={requestedUrl(c)} user={consoleUser(c)} data={data} />, status);
  };

  app.get('/console/datasets/:id/versions', async (c) => await versionsPage(c));
  app.post('/console/datasets/:id/versions/:n/withdraw', async (c) => {
    const { row } = await ownDataset(deps, c);
    const n = /^\d{1,9}$/.test(c.req.param('n')) ? Number(c.req.param('n')) : NaN;
    if (!Number.isSafeInteger(n)) throw new ApiError(404, 'not_found', `Version '${c.req.param('n')}' does not exist`);
    const body = await c.req.parseBody();
    const reason = typeof body.reason === 'string' ? body.reason : '';
    try {
      await withdrawVersion(deps, consoleUser(c), row.id, n, reason, auditFrom(c));
      return c.redirect(`${href(lang, `/console/datasets/${row.id}/versions`)}?withdrawn=${n}`, 303);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 409 && err.status !== 422)) throw err;
      const message = consoleMessages[lang].withdrawErrors[err.code] ?? err.message;
      return await versionsPage(c, { withdrawError: { n, message, reason } }, err.status);
    }
  });

  mountDatasetForms(app, deps, lang);

  app.onError(htmlErrors(deps, lang, {
    personal: true,
    answer: (err, c) => (err.status === 403 ? renderPage(c, <ConsoleForbiddenPage lang={lang} url={requestedUrl(c)} requestId={c.get('requestId')} user={c.get('user') ?? null} detail={err.message} />, 403) : undefined),
  }));
  return app;
}

/** The department console (issue 5): Chinese at `/console`, English at `/en/console`; mounted before the public pages. */
export function consolePages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/console/console.js', (c) => {
    const etag = `"${consoleScript.etag}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=86400' };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(consoleScript.body), 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  return inBothLanguages(app, (lang) => pages(deps, lang));
}
