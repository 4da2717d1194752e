import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';

/**
 * The public metadata reads a harvester or a browser app polls: the catalog, a dataset's metadata and versions,
 * departments, themes, statistics, a version's datapackage.json, the OpenAPI document.
 */
const revalidatedRead = /^\/(?:api\/v1\/(?:datasets(?:\/[^/]+(?:\/versions(?:\/[^/]+(?:\/datapackage\.json)?)?)?)?|departments(?:\/[^/]+)?|themes|stats\/.+)|openapi\.json)$/;

/** Short: a new version shows within a minute; must-revalidate: a stale copy is never used without asking. */
const cacheControl = 'public, max-age=60, must-revalidate';

/**
 * The same SHA-1 as hono/etag's default, computed here at once: the default's WebCrypto digest is a round trip
 * through libuv's threads for every response.
 */
function sha1(body: Uint8Array): ArrayBuffer {
  const d = createHash('sha1').update(body).digest();
  return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;
}

/**
 * ETag (hono/etag: a digest of the body) and Cache-Control on those reads, so a client asking again with
 * If-None-Match gets a 304 without the body. A 304 keeps the CORS and request-id headers along with the
 * caching ones: a page on another origin reads the 304 like the 200.
 */
export function revalidation(): MiddlewareHandler {
  const tag = etag({ generateDigest: sha1, retainedHeaders: [...RETAINED_304_HEADERS, 'access-control-allow-origin', 'access-control-expose-headers', 'x-request-id'] });
  return async function revalidate(c, next) {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !revalidatedRead.test(c.req.path)) return next();
    return tag(c, async () => {
      await next();
      if (c.res.ok && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', cacheControl);
    });
  };
}
