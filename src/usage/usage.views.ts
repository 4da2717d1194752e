import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { requestConsumer } from './usage.http.js';

/**
 * A dataset's HTML page served (200 to a GET) is a view, counted by the recorder under the downloads' rules
 * (DESIGN section 6: robots recorded apart, the same consumer within 30 s once, COUNTER uniques per day). The page
 * reached from a catalog search (`from=search-<id>` on the result links) also marks that search opened.
 */
export function noteDatasetView(c: Context<AppEnv>, deps: Pick<AppDeps, 'usage' | 'env'>, dataset: { pk: number; department_id: string }, status: number): void {
  if (c.req.method !== 'GET' || status !== 200) return;
  const consumer = requestConsumer(c, deps);
  deps.usage.record({
    kind: 'view',
    datasetPk: dataset.pk,
    ownerDepartmentId: dataset.department_id,
    consumerDepartmentId: consumer.consumerDepartmentId,
    userId: consumer.userId,
    keyId: consumer.keyId,
    ip: consumer.ip,
    userAgent: consumer.userAgent,
    status,
  });
  const from = c.req.query('from');
  if (from) deps.usage.searchOpened(from);
}
