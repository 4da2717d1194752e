import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../lib/context.js';
import { ApiError } from '../../lib/errors.js';
import { isoSeconds } from '../../lib/dates.js';
import { datasets } from '../../catalog/catalog.table.js';
import { assertCanPublishFor } from '../../catalog/catalog.write.js';
import { versions } from '../versions.table.js';
import { latestPublished } from '../versions.service.js';

type Actor = { id: string; role: string; departmentId: string | null };

/** Withdrawn versions stay listed (with the reason) and answer 410; the newest published one becomes latest. */
export function withdrawVersion(deps: AppDeps, actor: Actor, datasetId: string, n: number, reason: string) {
  const { db } = deps;
  const dataset = db.select().from(datasets).where(eq(datasets.id, datasetId)).get();
  if (!dataset) throw new ApiError(404, 'not_found', `Dataset '${datasetId}' does not exist`);
  assertCanPublishFor(actor, dataset.departmentId);
  if (!reason.trim()) throw new ApiError(422, 'validation_failed', 'A reason is required to withdraw a version.', { errors: [{ field: 'reason', message: 'required' }] });
  const where = and(eq(versions.datasetPk, dataset.pk), eq(versions.n, n));
  const version = db.select().from(versions).where(where).get();
  if (!version) throw new ApiError(404, 'not_found', `Version ${n} of '${datasetId}' does not exist`);
  if (version.status === 'withdrawn') throw new ApiError(409, 'invalid_transition', `Version ${n} is withdrawn already.`);
  return db.transaction((tx) => {
    tx.update(versions).set({ status: 'withdrawn', withdrawnAt: isoSeconds(deps.now()), withdrawnReason: reason.trim() }).where(where).run();
    const latest = latestPublished(tx as unknown as typeof db, dataset.pk);
    tx.update(datasets).set({ latestVersion: latest?.n ?? null, ...(latest ? { updatedAt: latest.publishedAt } : {}) }).where(eq(datasets.pk, dataset.pk)).run();
    return { n, latest_version: latest?.n ?? null };
  }, { behavior: 'immediate' }); // read-then-write: a deferred transaction fails at once (SQLITE_BUSY) when another process (a CLI publish) wrote meanwhile
}
