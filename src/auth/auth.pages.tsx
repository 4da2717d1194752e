import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppDeps, AppEnv } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { publicOrigin } from '../lib/public-origin.js';
import { href, htmlLang, type Lang } from '../../web/i18n.js';
import { AuthFormPage } from '../../web/pages/auth/sign-in.js';
import { DeveloperPage, type DeveloperData } from '../../web/pages/auth/developer.js';
import { myUsage } from '../usage/usage.me.js';
import { selectCatalog } from '../catalog/catalog.queries.js';
import { sessionMiddleware } from './auth.middleware.js';
import { localPath } from './auth.http.js';
import { createKey, listKeys, revokeKey } from '../keys/keys.service.js';
import { rateLimiterFor } from '../keys/keys.ratelimit.js';

const render = (c: Context<AppEnv>, lang: Lang, page: JSX.Element) => {
  c.header('Content-Language', htmlLang[lang]);
  c.header('Cache-Control', 'private, no-store');
  return c.html(`<!doctype html>${page.toString()}`);
};

const requested = (c: Context) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

/** Sign in, sign up and the developer centre, in Chinese at `/` and English at `/en`. */
function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const limiter = rateLimiterFor(deps.db);
  const session = sessionMiddleware(deps);
  for (const path of ['/signin', '/signup', '/developer', '/developer/*']) app.use(path, session);

  const example = () => {
    const row = selectCatalog(deps.db).find((r) => r.open_type === 'open' && r.latest_version !== null);
    return row ? { id: row.id, title: lang === 'en' ? row.title_en : row.title_zh } : null;
  };

  const developer = (c: Context<AppEnv>, extra: Partial<DeveloperData> = {}) => {
    const user = c.get('user');
    const nowMs = deps.now().getTime();
    const keys = user ? listKeys(deps.db, user.id).map((k) => ({ ...k, used_today: limiter.usedToday(k.id, nowMs) })) : [];
    const baseUrl = publicOrigin(c, deps.env);
    const usage = user ? myUsage(deps.db, { userId: user.id }, {}, deps.now()) : null;
    const recent = usage ? usage.data.flatMap((k) => k.days.map((d) => ({ key: `${k.key.name} (${k.key.prefix})`, ...d }))).sort((a, b) => b.day.localeCompare(a.day) || a.key.localeCompare(b.key)) : [];
    const data: DeveloperData = { email: user?.email ?? null, keys, recent, example: example(), baseUrl, error: c.req.query('error'), ...extra };
    return render(c, lang, <DeveloperPage lang={lang} url={requested(c)} data={data} />);
  };

  const form = (mode: 'signin' | 'signup') => (c: Context<AppEnv>) => {
    const next = localPath(c.req.query('next'), href(lang, '/developer'));
    const registered = mode === 'signin' && c.req.query('registered') === '1';
    return render(c, lang, <AuthFormPage lang={lang} url={requested(c)} mode={mode} error={c.req.query('error')} registered={registered} next={next} signedInAs={c.get('user')?.email} />);
  };

  app.get('/signin', form('signin'));
  app.get('/signup', form('signup'));
  app.get('/developer', (c) => developer(c));
  app.post('/developer/keys', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(href(lang, '/signin'), 303);
    const name = String((await c.req.parseBody()).name ?? '').trim().slice(0, 60);
    if (!name) return c.redirect(`${href(lang, '/developer')}?error=invalid_body`, 303);
    try {
      const key = createKey(deps.db, user, name, deps.now());
      return developer(c, { created: { name: key.name, secret: key.secret }, error: undefined });
    } catch (err) {
      if (err instanceof ApiError) return c.redirect(`${href(lang, '/developer')}?error=${err.code}`, 303);
      throw err;
    }
  });
  app.post('/developer/keys/:id/revoke', (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(href(lang, '/signin'), 303);
    revokeKey(deps.db, user.id, c.req.param('id'), deps.now());
    return c.redirect(href(lang, '/developer'), 303);
  });
  return app;
}

export function authPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.route('/', pages(deps, 'zh'));
  app.route('/en', pages(deps, 'en'));
  return app;
}
