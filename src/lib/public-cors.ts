import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * The public reads a browser app on another origin may make: the catalog, dataset metadata, versions, files,
 * records, statistics, the OpenAPI document, the CKAN Action API and the DCAT catalog (`/catalog*`; a dataset
 * page's RDF answer is left out, its URL being an HTML page first). Sign-in, keys, publishing, the demand board,
 * the console and everything a cookie authenticates are not in it.
 */
const publicReadPath = /^\/(?:api\/v1\/(?:datasets|departments|themes|stats)(?:\/|$)|api\/(?:3\/)?action\/|catalog(?:[./]|$)|openapi\.json$)/;

/** Headers a page may read from the answers: limits, caching, paging, the file name, the request id for support. */
const exposed = [
  'ETag', 'Link', 'Content-Disposition', 'Content-Range', 'Accept-Ranges', 'X-Request-Id', 'X-Total-Count', 'Retry-After',
  'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Quota-Limit', 'X-Quota-Remaining', 'X-Quota-Reset',
];

/**
 * CORS for the public reads (hono/cors): any origin, never credentials (`Access-Control-Allow-Origin: *`, so a
 * browser sends no cookie and a page cannot act as the signed-in user), GET and HEAD only, preflight included, with
 * the key headers allowed. Any other route, or another method on a public path (a PATCH of a dataset, a POST of a
 * version), gets no CORS header at all, preflight included, so the browser refuses the cross-origin call.
 */
export function publicCors(): MiddlewareHandler {
  const allow = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD'],
    allowHeaders: ['Authorization', 'X-API-Key', 'If-None-Match', 'Range'],
    exposeHeaders: exposed,
    maxAge: 600,
  });
  const exposedList = exposed.join(',');
  return async function corsForPublicReads(c, next) {
    if (!publicReadPath.test(c.req.path)) return next();
    if (c.req.method === 'OPTIONS') {
      const method = c.req.header('access-control-request-method');
      return method === 'GET' || method === 'HEAD' ? allow(c, next) : next();
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    // A simple read needs what hono/cors would add with origin '*': the two headers, set before the handler as
    // prepared headers (hono/cors sets them on `c.res` before `next()`, which makes a placeholder answer whose
    // headers are then merged into the real one: 8% of the records page's req/s). An answer the handler built as
    // a Response of its own (a file download) does not take prepared headers: it gets them after.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', exposedList);
    await next();
    const headers = c.res.headers;
    if (!headers.has('Access-Control-Allow-Origin')) {
      headers.set('Access-Control-Allow-Origin', '*');
      headers.set('Access-Control-Expose-Headers', exposedList);
    }
  };
}
