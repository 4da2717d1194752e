import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { publicOrigin } from '../../src/lib/public-origin.js';
import { clearIdTokenCookie, completeOidcSignIn, createOidcClient, localPath, readIdTokenCookie, readSessionCookie, takeFlowCookie, writeFlowCookie } from '../../src/auth/index.js';
import { href, type Lang } from '../i18n.js';
import { render } from '../render.js';
import { OidcErrorPage, ProviderSignOutPage } from '../pages/auth/oidc-error.js';

/**
 * Sign-in with unified identity (OpenID Connect): /auth/oidc/start (also /en/…) sends the browser to the provider,
 * /auth/oidc/callback comes back with the code, /auth/oidc/signout ends the provider's session after the portal's.
 * Nothing is mounted when KAIFANG_OIDC_ISSUER is unset.
 */
export function oidcPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  if (!deps.env.oidc) return app;
  const oidc = createOidcClient(deps.env.oidc);
  const redirectUri = (c: Context) => `${publicOrigin(c, deps.env)}/auth/oidc/callback`;
  const failed = (c: Context<AppEnv>, lang: Lang, status: 400 | 403 | 502) => {
    return render(c, lang, <OidcErrorPage lang={lang} url={new URL(c.req.url).pathname} disabled={status === 403} />, { personal: true, status });
  };

  for (const lang of ['zh', 'en'] as const) {
    app.get(href(lang, '/auth/oidc/start'), async (c) => {
      const next = localPath(c.req.query('next'), href(lang, '/account'));
      try {
        const { url, flow } = await oidc.start(redirectUri(c), next, lang, deps.now());
        writeFlowCookie(c, oidc, flow);
        c.header('Cache-Control', 'no-store');
        return c.redirect(url, 302);
      } catch (err) {
        deps.log.error('unified identity provider unreachable', err);
        return failed(c, lang, 502);
      }
    });
  }

  app.get('/auth/oidc/callback', async (c) => {
    const flow = takeFlowCookie(c, oidc, deps.now());
    const lang = flow?.lang ?? 'zh';
    // The redirect_uri the provider was given, with the answer's parameters (behind a proxy the request URL differs).
    const callbackUrl = new URL(redirectUri(c));
    callbackUrl.search = new URL(c.req.url).search;
    let secondFactor: 'verify' | 'enrol' | null;
    try {
      ({ secondFactor } = await completeOidcSignIn(deps, c, oidc, flow, callbackUrl));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'oidc_failed') return failed(c, lang, 400);
      if (err instanceof ApiError && err.code === 'account_disabled') return failed(c, lang, 403);
      throw err;
    }
    c.header('Cache-Control', 'no-store');
    return c.redirect(secondFactor ? href(lang, '/signin/2fa') : localPath(flow?.next, href(lang, '/account')), 303);
  });

  // Reached right after the portal's own sign-out (POST /api/v1/auth/logout); never ends a session still open here.
  app.get('/auth/oidc/signout', async (c) => {
    const next = localPath(c.req.query('next'), '/');
    const idToken = readIdTokenCookie(c);
    if (!idToken || readSessionCookie(c)) return c.redirect(next, 303);
    clearIdTokenCookie(c);
    try {
      const url = await oidc.endSessionUrl(idToken, `${publicOrigin(c, deps.env)}/`);
      if (!url) return c.redirect(next, 303);
      // A page that moves on by itself, not a redirect: this request ends a sign-out form's redirects, and the
      // portal's CSP (form-action 'self') would stop them at the provider's address.
      c.header('Cache-Control', 'no-store');
      return c.html(`<!doctype html>${(<ProviderSignOutPage lang={next.startsWith('/en') ? 'en' : 'zh'} url={url} />).toString()}`);
    } catch (err) {
      deps.log.error('unified identity provider unreachable', err);
      return c.redirect(next, 303);
    }
  });
  return app;
}
