import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { requestConsumer } from './usage.http.js';
import { disabledUsageRecorder } from './usage.recorder.js';

type Served = { datasetPk: number; n: number; departmentId: string };

/** Called by the records handler once it knows the dataset version (and again with what it sent). */
export function noteRecordsUse(c: Context<AppEnv>, target: Served, sent: { format: string; rows: number | null; bytes: number | null } | null = null): void {
  c.set('recordsUse', { datasetPk: target.datasetPk, version: target.n, ownerDepartmentId: target.departmentId, format: sent?.format ?? null, rows: sent?.rows ?? null, bytes: sent?.bytes ?? null });
}

/**
 * A records page sent as bytes, so the API call is recorded with its rows and exact size for free:
 * the server would encode the string to UTF-8 (and measure it) anyway; handing it bytes skips that.
 */
export function countedBody(c: Context<AppEnv>, target: Served, sent: { format: string; rows: number; text: string; contentType: string }): Response {
  const bytes = Buffer.from(sent.text);
  noteRecordsUse(c, target, { format: sent.format, rows: sent.rows, bytes: bytes.length });
  return c.body(bytes, 200, { 'Content-Type': sent.contentType });
}

/**
 * Records every keyed records response whose dataset was resolved: 2xx responses count as API calls
 * (DESIGN section 6), others (304, 400 bad filters, 410 withdrawn...) are recorded apart with their
 * status. Runs after the key check, so refused keys (401/429) are not dataset use.
 */
export function countApiCalls(deps: Pick<AppDeps, 'usage' | 'env'>): MiddlewareHandler<AppEnv> {
  if (deps.usage === disabledUsageRecorder) return async function notCounting(_c, next) { await next(); };
  return async function countApiCall(c, next) {
    const started = performance.now();
    await next();
    const use = c.get('recordsUse');
    if (!use) return;
    const consumer = requestConsumer(c, deps);
    deps.usage.record({
      kind: 'api',
      datasetPk: use.datasetPk,
      version: use.version,
      format: use.format,
      ownerDepartmentId: use.ownerDepartmentId,
      consumerDepartmentId: consumer.consumerDepartmentId,
      userId: consumer.userId,
      keyId: consumer.keyId,
      ip: consumer.ip,
      userAgent: consumer.userAgent,
      status: c.res.status,
      rows: use.rows,
      bytes: use.bytes,
      ms: performance.now() - started,
    });
  };
}
