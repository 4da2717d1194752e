import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { publicOrigin } from '../../src/lib/public-origin.js';
import { myUsage } from '../../src/usage/index.js';
import { selectCatalog } from '../../src/catalog/index.js';
import { sessionMiddleware, localPath } from '../../src/auth/index.js';
import { createKey, listKeys, revokeKey } from '../../src/keys/index.js';
import { auditFrom } from '../../src/audit/index.js';
import { href, type Lang } from '../i18n.js';
import { htmlErrors, render as renderHtml, requestedUrl, inBothLanguages } from '../render.js';
import { AuthFormPage } from '../pages/auth/sign-in.js';
import { DeveloperPage, type DeveloperData } from '../pages/auth/developer.js';
import { roleHome } from '../components/account-menu.js';
import { putNewKey, takeNewKey } from '../new-key-flash.js';

/** Sign in, sign up and the developer centre, in Chinese at `/` and English at `/en`. */
function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  // Forms and keys are one person's: never kept by a shared cache.
  const render = (c: Context<AppEnv>, page: JSX.Element) => renderHtml(c, lang, page, { personal: true });
  const limiter = deps.rateLimiter;
  const session = sessionMiddleware(deps);
  for (const path of ['/signin', '/signup', '/account', '/developer', '/developer/*']) app.use(path, session);
  const developerPath = href(lang, '/developer');

  const example = async () => {
    const row = (await selectCatalog(deps)).find((r) => r.open_type === 'open' && r.latest_version !== null);
    return row ? { id: row.id, title: lang === 'en' ? row.title_en : row.title_zh } : null;
  };

  const developer = async (c: Context<AppEnv>) => {
    const user = c.get('user');
    // Shown once: the page right after the key was created (post-redirect-get), never on a reload.
    const created = user ? (takeNewKey(c, developerPath, user.id, deps.now()) ?? undefined) : undefined;
    const nowMs = deps.now().getTime();
    const keys = user ? await Promise.all((await listKeys(deps.db, user.id)).map(async (k) => ({ ...k, used_today: await limiter.usedToday(k.id, nowMs) }))) : [];
    const baseUrl = publicOrigin(c, deps.env);
    const usage = user ? await myUsage(deps, { userId: user.id }, {}, deps.now()) : null;
    const recent = usage ? usage.data.flatMap((k) => k.days.map((d) => ({ key: `${k.key.name} (${k.key.prefix})`, ...d }))).sort((a, b) => b.day.localeCompare(a.day) || a.key.localeCompare(b.key)) : [];
    const data: DeveloperData = { email: user?.email ?? null, keys, recent, example: await example(), baseUrl, error: c.req.query('error'), created };
    return render(c, <DeveloperPage lang={lang} url={requestedUrl(c)} data={data} />);
  };

  // Back where the user came from (a path on this site only), else to their role's place (/account); a new
  // account is a developer's, whose place is the developer centre.
  const form = (mode: 'signin' | 'signup') => (c: Context<AppEnv>) => {
    const next = localPath(c.req.query('next') ?? c.req.query('return'), href(lang, mode === 'signup' ? '/developer' : '/account'));
    const registered = mode === 'signin' && c.req.query('registered') === '1';
    return render(c, <AuthFormPage lang={lang} url={requestedUrl(c)} mode={mode} error={c.req.query('error')} registered={registered} next={next} signedInAs={c.get('user')?.email} unifiedIdentity={deps.env.oidc !== null} />);
  };

  app.get('/signin', form('signin'));
  app.get('/signup', form('signup'));
  app.get('/account', (c) => {
    const user = c.get('user');
    return c.redirect(user ? roleHome(lang, user) : href(lang, '/signin'), 303);
  });
  app.get('/developer', async (c) => await developer(c));
  app.post('/developer/keys', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(href(lang, '/signin'), 303);
    const name = String((await c.req.parseBody()).name ?? '').trim().slice(0, 60);
    if (!name) return c.redirect(`${href(lang, '/developer')}?error=invalid_body`, 303);
    try {
      const key = await createKey(deps.db, user, name, deps.now(), auditFrom(c));
      putNewKey(c, developerPath, user.id, { id: key.id, name: key.name, secret: key.secret }, deps.now());
      return c.redirect(`${developerPath}#new-key`, 303);
    } catch (err) {
      if (err instanceof ApiError) return c.redirect(`${href(lang, '/developer')}?error=${err.code}`, 303);
      throw err;
    }
  });
  app.post('/developer/keys/:id/revoke', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(href(lang, '/signin'), 303);
    await revokeKey(deps.db, user.id, c.req.param('id'), deps.now(), auditFrom(c));
    return c.redirect(href(lang, '/developer'), 303);
  });
  app.onError(htmlErrors(deps, lang, { personal: true }));
  return app;
}

export function authPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return inBothLanguages(app, (lang) => pages(deps, lang));
}
