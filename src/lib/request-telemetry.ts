import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv, Logger } from './context.js';
import type { Metrics } from './metrics.js';

/**
 * The route pattern that answered (`/api/v1/datasets/:id`), never the URL itself: metrics labelled by URL would
 * grow a series per dataset, page and query. Middleware is registered for every path (method ALL): the handler is
 * the last route matched with a method of its own; a request no route answered is `unmatched`.
 */
export function routePattern(c: Context): string {
  const handler = matchedRoutes(c).filter((r) => r.method !== 'ALL' || !/\*$/.test(r.path)).at(-1);
  return handler ? handler.path : 'unmatched';
}

/** Counts and times every request into the app's metrics and writes its access-log line (when the log takes them). */
export function requestTelemetry(metrics: Metrics, log: Logger): MiddlewareHandler<AppEnv> {
  return async function requestTelemetry(c, next) {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    const route = routePattern(c);
    metrics.request(c.req.method, route, c.res.status, ms / 1000);
    if (!log.request) return;
    const user = c.get('user');
    const key = c.get('apiKey');
    log.request({
      req_id: c.get('requestId'), method: c.req.method, route, status: c.res.status, ms: Math.round(ms * 10) / 10,
      ...(user ? { user_id: user.id } : {}), ...(key ? { key_id: key.id } : {}),
    });
  };
}
