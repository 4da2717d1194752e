import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { canReview, sessionMiddleware } from '../../src/auth/index.js';
import { explainWarning, listWarnings, reviewWarning } from '../../src/monitoring/index.js';
import { href, type Lang } from '../i18n.js';
import { htmlErrors, inBothLanguages, render, requestedUrl, signInUrl } from '../render.js';
import { ConsoleWarningsPage, ReviewerWarningsPage } from '../pages/monitoring/warnings.js';
import { consoleGuard } from './console-access.js';

/** Back to the page with a status (`?done=explained`) or an error code (`?error=warning_closed`): post, redirect, get. */
async function act(c: Context<AppEnv>, lang: Lang, page: string, done: string, work: () => Promise<unknown>) {
  try {
    await work();
    return c.redirect(`${href(lang, page)}?done=${done}`, 303);
  } catch (err) {
    if (err instanceof ApiError && err.status < 500 && err.status !== 401) return c.redirect(`${href(lang, page)}?error=${encodeURIComponent(err.code)}`, 303);
    throw err;
  }
}

const formText = async (c: Context<AppEnv>, name: string) => {
  const body = await c.req.parseBody();
  return { value: typeof body[name] === 'string' ? (body[name] as string).trim() : '', body };
};

function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const session = sessionMiddleware(deps);
  const personal = (c: Context<AppEnv>, el: Parameters<typeof render>[2]) => render(c, lang, el, { personal: true });
  const notices = (c: Context<AppEnv>) => ({ flash: c.req.query("done") ?? null, error: c.req.query('error') ?? null });
  const user = (c: Context<AppEnv>) => c.get('user')!;

  app.use('/console/warnings', session, consoleGuard(lang));
  app.use('/console/warnings/*', session, consoleGuard(lang));
  app.get('/console/warnings', async (c) => {
    const warnings = await listWarnings(deps, user(c), {}, 500);
    return personal(c, <ConsoleWarningsPage lang={lang} url={requestedUrl(c)} data={{ warnings, user: user(c), ...notices(c) }} />);
  });
  app.post('/console/warnings/:id/explanation', async (c) => {
    const { value } = await formText(c, 'explanation');
    return act(c, lang, '/console/warnings', 'explained', async () => {
      if (!value) throw new ApiError(400, 'validation_failed', 'An explanation is required.');
      await explainWarning(deps, user(c), Number(c.req.param('id')), value.slice(0, 2000));
    });
  });

  // Reviewers and admins; signed out -> sign-in and back; other roles -> 403 (as the rest of /reviewer).
  for (const path of ['/reviewer/warnings', '/reviewer/warnings/*']) {
    app.use(path, session, async (c, next) => {
      if (!c.get('user')) return c.redirect(signInUrl(lang, c.req.method === 'GET' ? requestedUrl(c) : href(lang, '/reviewer/warnings')), 303);
      if (!canReview(c.get('user'))) throw new ApiError(403, 'forbidden', lang === 'en' ? 'Warnings are reviewed by reviewers.' : '预警复核仅供考核人员使用。');
      await next();
    });
  }
  app.get('/reviewer/warnings', async (c) => {
    const warnings = await listWarnings(deps, user(c), { status: ['open', 'rectifying', 'escalated'] }, 500);
    return personal(c, <ReviewerWarningsPage lang={lang} url={requestedUrl(c)} data={{ warnings, user: user(c), ...notices(c) }} />);
  });
  app.post('/reviewer/warnings/:id/review', async (c) => {
    const { value: note, body } = await formText(c, 'note');
    const decision = body.decision === 'reject' ? 'reject' : 'accept';
    return act(c, lang, '/reviewer/warnings', decision === 'accept' ? 'accepted' : 'rejected', async () =>
      await reviewWarning(deps, user(c), Number(c.req.param('id')), decision, note || undefined));
  });

  app.onError(htmlErrors(deps, lang));
  return app;
}

/** The department's warnings (/console/warnings) and the reviewers' (/reviewer/warnings), Chinese at `/`, English at `/en`. */
export function monitoringPages(deps: AppDeps) {
  return inBothLanguages(new Hono<AppEnv>(), (lang) => pages(deps, lang));
}
