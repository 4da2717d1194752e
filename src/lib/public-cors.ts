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
  return async function corsForPublicReads(c, next) {
    if (!publicReadPath.test(c.req.path)) return next();
    const method = c.req.method === 'OPTIONS' ? c.req.header('access-control-request-method') : c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    return allow(c, next);
  };
}
