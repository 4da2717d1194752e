import type { Context, ErrorHandler, Hono } from 'hono';
import { jsx, type JSXNode } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../src/lib/context.js';
import type { AppDeps } from '../src/app-deps.js';
import { ApiError } from '../src/lib/errors.js';
import { href, htmlLang, type Lang } from './i18n.js';
import { ErrorPage } from './pages/error.js';
import { ViewerContext } from './components/account-menu.js';
import { getCookie } from 'hono/cookie';
import { A11yPrefsContext, a11yCookieName, parseA11yCookie } from './a11y-prefs.js';

export type RenderOptions = {
  status?: ContentfulStatusCode;
  /** The page shows one person's data (their keys, orders, console): never kept by a shared cache. */
  personal?: boolean;
};

/** A whole HTML document in the page's language. */
export function render(c: Context<AppEnv>, lang: Lang, page: JSX.Element | JSXNode, options: RenderOptions = {}) {
  c.header('Content-Language', htmlLang[lang]);
  if (options.personal) c.header('Cache-Control', 'private, no-store');
  // The header's account menu reads the session's user from here, whatever the page itself passed.
  const withViewer = jsx(ViewerContext.Provider, { value: c.get('user') }, page);
  // The barrier-free toolbar's choices (cookie) become classes on <html>: no flash, no JavaScript needed.
  const withPrefs = jsx(A11yPrefsContext.Provider, { value: parseA11yCookie(getCookie(c, a11yCookieName)) }, withViewer);
  return c.html(`<!doctype html>${withPrefs.toString()}`, options.status ?? 200);
}

/** Path and query as requested: the language switch, the page's own links and sign-in's `next` start from it. */
export function requestedUrl(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** The sign-in page, coming back to `next` afterwards. */
export const signInUrl = (lang: Lang, next: string) => `${href(lang, '/signin')}?next=${encodeURIComponent(next)}`;

export type HtmlErrorOptions = {
  personal?: boolean;
  /** A page group's own answer to some errors (a redirect to sign in, its own 403 page); undefined: the error page. */
  answer?: (err: ApiError, c: Context<AppEnv>) => Response | Promise<Response> | undefined;
};

/**
 * The HTML twin of the problem+json handler: the same status, the message of a client error, and the request id;
 * anything that is not an ApiError is logged and shown as a 500 without its details.
 */
export function htmlErrors(deps: AppDeps, lang: Lang, options: HtmlErrorOptions = {}): ErrorHandler<AppEnv> {
  return function htmlError(err, c) {
    if (err instanceof ApiError) {
      const answered = options.answer?.(err, c);
      if (answered) return answered;
    } else {
      deps.log.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path} failed`, err);
    }
    const status = err instanceof ApiError ? err.status : 500;
    const detail = err instanceof ApiError && status < 500 ? err.message : undefined;
    const page = jsx(ErrorPage, { lang, url: requestedUrl(c), user: c.get('user'), status, detail, requestId: c.get('requestId') });
    return render(c, lang, page, { status: status as ContentfulStatusCode, personal: options.personal });
  };
}

/** The same pages in both languages, on `app`: Chinese at `/`, English under `/en`. */
export function inBothLanguages(app: Hono<AppEnv>, pages: (lang: Lang) => Hono<AppEnv>): Hono<AppEnv> {
  app.route('/', pages('zh'));
  app.route('/en', pages('en'));
  return app;
}
