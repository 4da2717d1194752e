import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

/** JSON bodies and forms: small, so no request can make the server hold much of a body in memory. */
export const defaultBodyLimitBytes = 64 * 1024;

/**
 * A route whose body may be larger. `maxBytes: null` marks a streamed upload, which counts its own bytes
 * against the upload limit as they arrive (src/versions/publish/upload.ts).
 */
export type BodyLimitRule = { method: string; path: RegExp; maxBytes: number | null };

const describe = (bytes: number) => (bytes >= 1048576 ? `${bytes / 1048576} MB` : `${bytes / 1024} KB`);

/**
 * Every request with a body gets a size limit before anything reads it: a declared Content-Length over
 * the limit is refused at once; a chunked body is counted as it arrives and refused when it passes the
 * limit (hono's bodyLimit), so at most `maxBytes` are ever held. Refusals are 413 `payload_too_large`.
 */
export function requestBodyLimits(rules: BodyLimitRule[], defaultBytes = defaultBodyLimitBytes): MiddlewareHandler {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterFor = (maxSize: number) => {
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      limiter = bodyLimit({
        maxSize,
        onError: (c) => {
          // Found too long while counting (no Content-Length): the rest is not waited for; the connection closes after the answer.
          const counted = !c.req.header('content-length') || c.req.header('transfer-encoding') !== undefined;
          throw new ApiError(413, 'payload_too_large', `The request body is larger than the ${describe(maxSize)} this endpoint accepts.`, counted ? { headers: { Connection: 'close' } } : {});
        },
      });
      limiters.set(maxSize, limiter);
    }
    return limiter;
  };
  return async function requestBodyLimit(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const rule = rules.find((r) => r.method === c.req.method && r.path.test(c.req.path));
    if (rule && rule.maxBytes === null) return next();
    return limiterFor(rule?.maxBytes ?? defaultBytes)(c, next);
  };
}
