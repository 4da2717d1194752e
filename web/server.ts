// The process entry (`npm start` runs its build, dist/server.js): env -> open db -> migrate -> seed if empty -> serve.
// It lives in web/ because it serves the pages too; src/ never imports web/.
import type { AddressInfo } from 'node:net';
import { readEnv } from '../src/env.js';
import { bootPortal } from './portal.js';
import { startArtifactBuilder, startJobPruning, startQualityBackfill, type ArtifactBuilder } from '../src/versions/index.js';
import { createHttpServer, type HttpServerOptions } from '../src/lib/http-server.js';
import { createProcessLogger } from '../src/lib/logger.js';
import { createOperationsState, startingApp } from '../src/operations.js';
import { closeConnection } from '../src/db/connection.js';
import { startRecurringDeliveries } from '../src/demand/index.js';
import { startMonitor } from '../src/monitoring/index.js';
import { startAuditRetention } from '../src/audit/index.js';
import { loadSecret } from '../src/lib/secret.js';
import { requestDrain } from './request-drain.js';

// Timed from the process's start (performance.timeOrigin), not from here: loading the code is most of a start.
const codeLoaded = performance.now();
let env;
try {
  env = readEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
// JSON lines (pretty on a terminal); KAIFANG_LOG=silent writes errors only.
const log = await createProcessLogger(env.KAIFANG_LOG);

// What answers requests: the starting app while a first start seeds (the server listens early for /healthz and
// /readyz), then the portal. An already seeded directory goes straight to the portal, as fast as before.
let serve: HttpServerOptions['fetch'] = () => new Response(null, { status: 503 });
const requests = requestDrain();
const server = createHttpServer({ fetch: requests.wrap((req, bindings) => serve(req, bindings)), log, uploadLimitMb: env.KAIFANG_UPLOAD_LIMIT_MB });
const listen = (then: () => void) => server.listen(env.PORT, env.HOST, then);
const seeding = createOperationsState();
const whileSeeding = (db: Parameters<typeof startingApp>[0]) => {
  seeding.seeding = 'running';
  serve = startingApp(db, seeding).fetch;
  listen(() => {
    const info = server.address() as AddressInfo;
    log.info(`answering /healthz and /readyz on http://${info.address}:${info.port} while seeding (everything else: 503 starting)`);
  });
};

const { app, db, deps, close, operations } = await bootPortal(env, log, { whileSeeding });
seeding.seeding = 'done';
serve = app.fetch;
const booted = performance.now(); // data directory opened and migrated (seeded when empty), app composed
let artifactBuilder: ArtifactBuilder | null = null;
const recurringDeliveries = startRecurringDeliveries(deps, env.KAIFANG_RECURRING_CHECK_MS);
const jobPruning = startJobPruning(db, log);
const monitor = startMonitor(deps, env.KAIFANG_MONITOR_EVERY_HOURS);
// Audit rows past KAIFANG_AUDIT_RETAIN_DAYS: archived (signed) into <data>/audit-archives, then removed; daily.
const auditRetention = startAuditRetention({ db, log, now: () => deps.now(), dataDir: env.dataDir, retainDays: env.KAIFANG_AUDIT_RETAIN_DAYS, secret: loadSecret(env.dataDir, env.KAIFANG_SECRET) });
const qualityBackfill = startQualityBackfill(deps); // versions without a data-quality profile, in a worker
const serving = () => {
  const info = server.address() as AddressInfo;
  const ready = performance.now();
  const ms = (x: number) => x.toFixed(0);
  log.info(`listening on http://${info.address}:${info.port} (ready in ${ms(ready)} ms from process start: code ${ms(codeLoaded)} ms, boot ${ms(booted - codeLoaded)} ms, listen ${ms(ready - booted)} ms; data in ${env.dataDir})`);
  artifactBuilder = startArtifactBuilder(deps);
  operations.artifacts = 'building';
  artifactBuilder.done.then(() => (operations.artifacts = 'done'), (err: unknown) => {
    operations.artifacts = 'failed';
    log.error('artifacts: the background builder failed', err);
  });
};
if (server.listening) serving();
else listen(serving);

/** How long a shutdown lets the requests in flight finish, and how long it may take in all before the process just exits. */
const drainMs = 10_000;
const shutdownLimitMs = 30_000;
const settled = (what: string, work: Promise<unknown>) => work.catch((err: unknown) => log.error(`shutdown: ${what} failed`, err));

// The order matters on PostgreSQL, where the database is a pool that must close last: a request or a background job
// still running when it closes fails with CONNECTION_ENDED (and a count it made would be lost). So: stop accepting and
// let the requests in flight finish (keep-alive clients get a refused connection next); stop the background work and
// wait for what is running; write the usage counted and the rate-limit buckets; then end the workers and the pool.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: shutting down`);
  setTimeout(() => {
    log.error(`shutdown took over ${shutdownLimitMs / 1000} s; exiting without waiting more`);
    process.exit(1);
  }, shutdownLimitMs).unref();
  artifactBuilder?.stop(); // no new build starts; the one running ends below
  qualityBackfill.stop();
  const background = Promise.all([recurringDeliveries.stop(), jobPruning.stop(), monitor.stop(), auditRetention.stop(), artifactBuilder?.done, qualityBackfill.done]);
  if (!(await requests.drain(server, drainMs))) log.error(`shutdown: requests still running after ${drainMs / 1000} s were cut off`);
  await settled('background work', background);
  await settled('writing usage', deps.usage.stop());
  await settled('writing rate limits', deps.rateLimiter.flush());
  await settled('ending workers', close());
  await settled('closing the database', closeConnection(db));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
