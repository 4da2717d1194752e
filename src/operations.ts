// What an operator's tools ask the portal, outside the API (not under /api, not in the OpenAPI document):
// /readyz (can it serve?) and /metrics (Prometheus). /healthz (is the process alive?) answers 200 whenever it answers.
import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { requestId } from 'hono/request-id';
import { sql } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { rowsOf } from './db/engine.js';
import { migrationStatus } from './db/migration-status.js';
import { isSeeded } from './seed.js';
import { ApiError, renderProblem } from './lib/errors.js';
import { socketAddress } from './lib/client-address.js';
import type { AppEnv } from './lib/context.js';
import type { Metrics } from './lib/metrics.js';

/** What only the process knows: whether its first-start seed is still running, and how the artifact builder fared. */
export type OperationsState = { seeding: 'running' | 'done'; artifacts: 'not_started' | 'building' | 'done' | 'failed' };
export const createOperationsState = (): OperationsState => ({ seeding: 'done', artifacts: 'not_started' });

type Check = { ok: boolean; detail: string };
export type Readiness = { status: 'ready' | 'not_ready'; checks: { database: Check; migrations: Check; seeding: Check; artifacts: Check } };

const failed = (err: unknown): Check => ({ ok: false, detail: (err as Error)?.message ?? String(err) });

export async function readiness(db: Db, state: OperationsState): Promise<Readiness> {
  const database = await rowsOf(db, sql`SELECT 1 AS one`).then((): Check => ({ ok: true, detail: 'answers' }), failed);
  const migrations = database.ok
    ? await migrationStatus(db).then((m): Check => ({ ok: m.current, detail: m.current ? `all ${m.expected} applied` : `${m.applied} of ${m.expected} applied` }), failed)
    : { ok: false, detail: 'no database' };
  const seeding: Check = state.seeding === 'running' ? { ok: false, detail: 'seeding the catalog' }
    : database.ok ? await isSeeded(db).then((s): Check => (s ? { ok: true, detail: 'done' } : { ok: false, detail: 'the catalog is empty' }), failed)
    : { ok: false, detail: 'no database' };
  const artifacts: Check = { ok: state.artifacts !== 'failed', detail: state.artifacts };
  const checks = { database, migrations, seeding, artifacts };
  return { status: Object.values(checks).every((c) => c.ok) ? 'ready' : 'not_ready', checks };
}

async function readyz(c: Context<AppEnv>, db: Db, state: OperationsState) {
  const result = await readiness(db, state);
  c.header('Cache-Control', 'no-store');
  return c.json(result, result.status === 'ready' ? 200 : 503);
}

const isLoopback = (address: string) => /^127\./.test(address) || address === '::1';
const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

/**
 * /metrics is for the machine's own scraper (the TCP peer is loopback: never X-Forwarded-For, which a client
 * writes) or for one holding KAIFANG_METRICS_TOKEN, compared in constant time. A loopback peer that relays
 * (a reverse proxy on this machine says so with a forwarding header) speaks for someone else: it needs the token.
 */
export function metricsAllowed(peer: string, authorization: string | undefined, token: string | undefined, relayed = false): boolean {
  if (isLoopback(peer) && !relayed) return true;
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return Boolean(token && given && crypto.timingSafeEqual(digest(given), digest(token)));
}

export function operationsRoutes(deps: { db: Db; env: { KAIFANG_METRICS_TOKEN?: string } }, ops: { state: OperationsState; metrics: Metrics }) {
  const app = new Hono<AppEnv>();
  app.get('/readyz', (c) => readyz(c, deps.db, ops.state));
  app.get('/metrics', async (c) => {
    const relayed = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => c.req.header(h) !== undefined);
    if (!metricsAllowed(socketAddress(c), c.req.header('authorization'), deps.env.KAIFANG_METRICS_TOKEN, relayed)) {
      return renderProblem(c, new ApiError(403, 'forbidden', '/metrics answers only the loopback address or a request with Authorization: Bearer <KAIFANG_METRICS_TOKEN>.'));
    }
    c.header('Cache-Control', 'no-store');
    const { text, contentType } = await ops.metrics.scrape();
    return c.body(text, 200, { 'Content-Type': contentType });
  });
  return app;
}

/**
 * The server while a first start seeds the catalog (minutes): alive on /healthz, 503 on /readyz with the checks,
 * and 503 `starting` with Retry-After everywhere else, until the whole portal takes over.
 */
export function startingApp(db: Db, state: OperationsState) {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'X-Request-Id', limitLength: 64 }));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => readyz(c, db, state));
  app.all('*', (c) => renderProblem(c, new ApiError(503, 'starting', 'The portal is preparing its catalog on its first start; try again in a minute.', { headers: { 'Retry-After': '30' } })));
  return app;
}
