import type { Context, NotFoundHandler } from 'hono';
import { jsx } from 'hono/jsx';
import type { AppEnv } from '../src/lib/context.js';
import { ApiError, renderProblem } from '../src/lib/errors.js';
import { render, requestedUrl } from './render.js';
import { ErrorPage } from './pages/error.js';

/**
 * A client that asked for JSON (and prefers it to HTML) reads a problem; a browser, or anything that did not say,
 * reads the page. `Accept: application/json, text/html;q=0.9` is JSON's; `text/html, application/json` is HTML's.
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.toLowerCase().split(',').map((part) => part.split(';')[0]!.trim());
  const json = types.findIndex((t) => t === 'application/json' || t.endsWith('+json'));
  const html = types.findIndex((t) => t === 'text/html' || t === 'application/xhtml+xml');
  return json >= 0 && (html < 0 || json < html);
}

/** The API's own paths (CKAN's action API is under /api/3 and /api/action too): always problem+json. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/') || path.startsWith('/en/api/') || path === '/openapi.json';

/**
 * The portal's answer to a path nothing serves: the HTML 404 page in the path's language (English under /en), with
 * the header, a search box and links home; the API's paths and JSON clients keep the problem+json of src/app.ts.
 */
export const portalNotFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) => {
  if (isApiPath(c.req.path) || prefersJson(c.req.header('Accept'))) return renderProblem(c, new ApiError(404, 'not_found', `No resource at ${c.req.path}`));
  const lang = c.req.path === '/en' || c.req.path.startsWith('/en/') ? 'en' : 'zh';
  const page = jsx(ErrorPage, { lang, url: requestedUrl(c), user: c.get('user'), status: 404, requestId: c.get('requestId') });
  return render(c, lang, page, { status: 404 });
};
