import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../lib/errors.js';

/**
 * Runs before body validation, so a wrong media type or broken JSON is a problem+json 415/400 and
 * never reaches the framework's own exceptions. With `optional`, an empty body counts as `{}`.
 */
export function jsonBody(optional = false): MiddlewareHandler {
  return async function jsonOnly(c, next) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!type && optional && !(await c.req.raw.clone().text())) return next();
    if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
    try {
      await c.req.json();
    } catch {
      throw new ApiError(400, 'invalid_body', 'The request body is not valid JSON.');
    }
    await next();
  };
}
