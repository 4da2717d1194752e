import { Hono } from 'hono';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import type { DemandCtx } from '../../src/demand/index.js';
import { authPages } from './auth.js';
import { directoryPages } from './directory.js';
import { twoFactorPages } from './two-factor.js';
import { oidcPages } from './oidc.js';
import { catalogPages } from './catalog.js';
import { consolePages } from './console.js';
import { demandPages } from './demand.js';
import { appsPages } from './apps.js';
import { statsPages } from './stats.js';
import { monitoringPages } from './monitoring.js';
import { auditPages } from './audit.js';
import { apiDocsPages } from './api-docs.js';
import { accessibilityPages } from './accessibility.js';
import { datasetLinkedDataPages } from '../dataset-linked-data.js';
import { pageViewer } from '../page-viewer.js';

/**
 * Every HTML route of the portal, in the order they are matched. The catalog's go last: its Chinese pages read
 * the session for every path and its English ones answer any unknown `/en/…` path with the HTML 404 page.
 */
export function portalPages(deps: AppDeps, shared: { demand: DemandCtx }) {
  const app = new Hono<AppEnv>();
  // Every page's header shows who is signed in.
  app.use('*', pageViewer(deps));
  app.route('/', authPages(deps));
  app.route('/', directoryPages(deps));
  app.route('/', twoFactorPages(deps));
  app.route('/', oidcPages(deps));
  // Before the console's and the reviewer's pages: /console/warnings and /reviewer/warnings are these.
  app.route('/', monitoringPages(deps));
  app.route('/', auditPages(deps));
  app.route('/', statsPages(deps));
  app.route('/', apiDocsPages());
  app.route('/', accessibilityPages(deps));
  app.route('/', demandPages(shared.demand));
  app.route('/', appsPages(deps));
  app.route('/', consolePages(deps));
  app.route('/', datasetLinkedDataPages(deps));
  app.route('/', catalogPages(deps));
  return app;
}
