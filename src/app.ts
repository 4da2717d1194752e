import { hkdfSync } from 'node:crypto';
import type { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { ApiError, renderProblem } from './lib/errors.js';
import { createRouter } from './lib/router.js';
import { blobStoreFromConfig } from './lib/blobs/blob-store-config.js';
import type { AppDeps } from './app-deps.js';
import type { AppEnv } from './lib/context.js';
import { createCursorCodec } from './lib/cursor.js';
import { securityHeaders } from './lib/security-headers.js';
import { wellFormedPath } from './lib/client-error.js';
import { requestBodyLimits } from './lib/body-limit.js';
import { compression } from './lib/compression.js';
import { createMetrics } from './lib/metrics.js';
import { requestTelemetry } from './lib/request-telemetry.js';
import { createOperationsState, operationsRoutes } from './operations.js';
import { publicCors } from './lib/public-cors.js';
import { revalidation } from './lib/revalidation.js';
import { publishBodyLimits, versionsRoutes, publishRoutes, createVersionsState, countOpenJobs } from './versions/index.js';
import { isPg } from './db/engine.js';
import { catalogRoutes, catalogWriteRoutes, createCatalogCache } from './catalog/index.js';
import { ckanRoutes, dcatRoutes, docsRoutes, feedsRoutes } from './interop/index.js';
import { openApiInfo, registerOpenApiComponents } from './lib/openapi.js';
import { authRoutes, twoFactorRoutes } from './auth/index.js';
import { usersDirectoryRoutes } from './directory/index.js';
import { keysRoutes, createRateLimiter } from './keys/index.js';
import { recordsRoutes, createRecordsState } from './records/index.js';
import { createUsageRecorder, disabledUsageRecorder, usageRoutes, builtinIndicators, createIndicatorRegistry, utilisationIndicators } from './usage/index.js';
import { demandRoutes, createDemandCtx, type DemandCtx, demandIndicators } from './demand/index.js';
import { appsRoutes, appsBodyLimits, appsIndicators } from './apps/index.js';
import { monitoringIndicators, monitoringRoutes } from './monitoring/index.js';
import { auditContext, auditRoutes } from './audit/index.js';
import { sessionMiddleware } from './auth/index.js';

/** The app's own state (caches, indicators, workers, builds, rate limits) is built here, never passed in; `indicators` replaces the features' list. */
export type CreateAppOptions = Omit<AppDeps, 'cursors' | 'log' | 'now' | 'usage' | 'caches' | 'indicators' | 'workers' | 'artifactBuilds' | 'rateLimiter' | 'records' | 'files' | 'deriveKey'> &
  Partial<Pick<AppDeps, 'log' | 'now' | 'indicators' | 'files'>> & { secret: string; usage?: AppDeps['usage'] | false; pages?: PageRoutes };

/**
 * The HTML pages. They live in web/ (src/ never imports it), so the composition root there passes them in;
 * they are mounted after every API route and share the app's state. Without them the app is the API alone.
 */
export type PageRoutes = (deps: AppDeps, shared: { demand: DemandCtx }) => Hono<AppEnv>;

export { openApiInfo };

const defaultLog: AppDeps['log'] = { info: () => {}, error: (msg, err) => console.error(msg, err) };

export async function createApp(options: CreateAppOptions) {
  const { secret, usage, pages, indicators, files: givenFiles, ...rest } = options;
  // Built from the settings unless given (then it is the caller's to close, like the database).
  const files = givenFiles ?? await blobStoreFromConfig(rest.env.files);
  const versionsState = createVersionsState();
  const recordsState = createRecordsState(rest.db, { log: rest.log ?? defaultLog, budgetMs: rest.env.KAIFANG_QUERY_BUDGET_MS, env: rest.env });
  const deps: AppDeps = {
    now: () => new Date(),
    log: defaultLog,
    ...rest,
    files,
    cursors: createCursorCodec(secret),
    usage: disabledUsageRecorder,
    caches: { catalog: createCatalogCache(rest.env.KAIFANG_SEARCH_SYNONYMS) },
    indicators: indicators ?? createIndicatorRegistry(builtinIndicators, utilisationIndicators, appsIndicators, demandIndicators, monitoringIndicators),
    workers: versionsState.workers,
    artifactBuilds: versionsState.artifactBuilds,
    rateLimiter: createRateLimiter(rest.db, { secret }),
    deriveKey: (purpose) => Buffer.from(hkdfSync('sha256', secret, 'kaifang', purpose, 32)),
    records: recordsState,
  };
  // Prometheus series of this app alone (tests build many apps in one process); /metrics serves them.
  const metrics = createMetrics({ artifactBuildsInFlight: () => versionsState.artifactBuilds.size, usageBuffered: () => deps.usage.buffered?.() ?? 0, clusterJobs: isPg(rest.db) ? () => countOpenJobs(rest.db as Parameters<typeof countOpenJobs>[0]) : undefined });
  const operations = createOperationsState();
  deps.metrics = metrics.sink;
  deps.usage = usage === false || rest.env.KAIFANG_USAGE === 'off' ? disabledUsageRecorder : (usage ?? await createUsageRecorder(deps.db, { secret, now: () => deps.now(), onError: (err) => deps.log.error('usage flush failed', err), onFlush: (seconds, events) => deps.metrics?.usageFlushSeconds(seconds, events) }));

  // One demand board context for its API and its pages: a delivery in progress is refused a second time from either.
  const demand = createDemandCtx(deps);

  const app = createRouter();
  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 64 }));
  app.use(requestTelemetry(metrics, deps.log));
  app.use(auditContext({ secret, trustProxy: rest.env.KAIFANG_TRUST_PROXY === '1', now: () => deps.now() }));
  app.use(compression());
  app.use(securityHeaders());
  app.use(publicCors());
  app.use(revalidation());
  app.use(wellFormedPath);
  app.use(requestBodyLimits([...publishBodyLimits, ...appsBodyLimits]));
  app.use(methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) =>
      renderProblem(c, new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed here; use ${methods.join(', ')}`, { headers: { Allow: methods.join(', ') } })),
  }));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.route('/', operationsRoutes(deps, { state: operations, metrics }));
  app.route('/', catalogRoutes(deps));
  app.route('/', versionsRoutes(deps));
  app.route('/', catalogWriteRoutes(deps));
  app.route('/', publishRoutes(deps));
  app.route('/', docsRoutes(deps, { portalPage: pages ? '/api/docs' : undefined }));
  app.route('/', ckanRoutes(deps));
  app.route('/', dcatRoutes(deps));
  app.route('/', feedsRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', twoFactorRoutes(deps));
  app.route('/', usersDirectoryRoutes(deps));
  app.route('/', keysRoutes(deps));
  app.route('/', recordsRoutes(deps));
  app.route('/', usageRoutes(deps));
  app.route('/', demandRoutes(demand));
  app.route('/', monitoringRoutes(deps));
  app.route('/', appsRoutes(deps));
  app.route('/', auditRoutes(deps, sessionMiddleware(deps)));
  if (pages) app.route('/', pages(deps, { demand }));

  app.notFound((c) => renderProblem(c, new ApiError(404, 'not_found', `No resource at ${c.req.path}`)));
  app.onError((err, c) => {
    if (err instanceof ApiError) return renderProblem(c, err);
    // Hono's own validators and body parsers throw HTTPException for malformed requests: still the client's error.
    if (err instanceof HTTPException && err.status < 500) return renderProblem(c, new ApiError(err.status as 400, 'bad_request', err.message || 'The request could not be read.'));
    deps.log.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path} failed`, err);
    return renderProblem(c, new ApiError(500, 'internal_error', 'Something went wrong on our side; the request id identifies it in our logs.'));
  });

  registerOpenApiComponents(app.openAPIRegistry);
  app.doc31('/openapi.json', openApiInfo);
  /** Ends the worker threads the app keeps between publishes and the artifact store it built; the database and the usage recorder are the caller's to close and stop. */
  const close = async () => {
    await Promise.all([versionsState.close(), recordsState.close()]);
    if (!givenFiles) files.close();
  };
  return { app, deps, close, operations, metrics };
}

export type AppType = Awaited<ReturnType<typeof createApp>>['app'];
