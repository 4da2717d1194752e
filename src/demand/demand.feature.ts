import { createRouter } from '../lib/router.js';
import { sessionMiddleware } from '../auth/index.js';
import type { DemandCtx } from './demand.context.js';
import { demandApiRoutes } from './demand.routes.js';
import { cartRoutes } from './demand.cart.routes.js';
import { inboxRoutes } from './demand.inbox.routes.js';

const sessionPaths = ['/api/v1/demands', '/api/v1/demands/*', '/api/v1/cart', '/api/v1/cart/*', '/api/v1/me/notifications', '/api/v1/me/notifications/*', '/api/v1/deliveries/*'];

/** The demand board's JSON API (in the OpenAPI document); its pages (web/routes/demand.tsx) share `ctx`. */
export function demandRoutes(ctx: DemandCtx) {
  const router = createRouter();
  const session = sessionMiddleware(ctx.deps);
  for (const path of sessionPaths) router.use(path, session);
  router.route('/', demandApiRoutes(ctx));
  router.route('/', cartRoutes(ctx));
  router.route('/', inboxRoutes(ctx));
  return router;
}
