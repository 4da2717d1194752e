import type { AppDeps } from '../lib/context.js';
import { createRouter } from '../lib/router.js';
import { sessionMiddleware } from '../auth/auth.middleware.js';
import { createDemandCtx } from './demand.context.js';
import type { WorkCalendar } from './demand.workdays.js';
import { demandApiRoutes } from './demand.routes.js';
import { cartRoutes } from './demand.cart.routes.js';
import { inboxRoutes } from './demand.inbox.routes.js';
import { demandPages } from './demand.pages.js';
import { registerDemandIndicators } from './demand.indicators.js';

const sessionPaths = ['/api/v1/demands', '/api/v1/demands/*', '/api/v1/cart', '/api/v1/cart/*', '/api/v1/me/notifications', '/api/v1/me/notifications/*', '/api/v1/deliveries/*'];

/** The demand board: its JSON API (in the OpenAPI document) and its pages, sharing one context. */
export function demandRoutes(deps: AppDeps, calendar?: WorkCalendar) {
  registerDemandIndicators();
  const ctx = createDemandCtx(deps, calendar);
  const router = createRouter();
  const session = sessionMiddleware(deps);
  for (const path of sessionPaths) router.use(path, session);
  router.route('/', demandApiRoutes(ctx));
  router.route('/', cartRoutes(ctx));
  router.route('/', inboxRoutes(ctx));
  router.route('/', demandPages(ctx));
  return router;
}
