import type { AppDeps } from '../../app-deps.js';
import { inTransaction } from '../../db/transaction.js';
import { ApiError } from '../../lib/errors.js';
import { isoSeconds } from '../../lib/dates.js';
import { datasetRef, setLatestVersion, assertCanPublishFor } from '../../catalog/index.js';
import { getVersion, latestPublished, markWithdrawn } from '../versions.store.js';
import { recordAudit, type AuditActor } from '../../audit/index.js';

type Actor = { id: string; role: string; departmentId: string | null };

/** Withdrawn versions stay listed (with the reason) and answer 410; the newest published one becomes latest. */
export async function withdrawVersion(deps: AppDeps, actor: Actor, datasetId: string, n: number, reason: string, audit?: AuditActor) {
  const { db } = deps;
  const dataset = await datasetRef(db, datasetId);
  if (!dataset) throw new ApiError(404, 'not_found', `Dataset '${datasetId}' does not exist`);
  assertCanPublishFor(actor, dataset.departmentId);
  if (!reason.trim()) throw new ApiError(422, 'validation_failed', 'A reason is required to withdraw a version.', { errors: [{ field: 'reason', message: 'required' }] });
  const version = await getVersion(db, dataset.pk, n);
  if (!version) throw new ApiError(404, 'not_found', `Version ${n} of '${datasetId}' does not exist`);
  if (version.status === 'withdrawn') throw new ApiError(409, 'invalid_transition', `Version ${n} is withdrawn already.`);
  const result = await inTransaction(db, async (tx) => {
    await markWithdrawn(tx, dataset.pk, n, isoSeconds(deps.now()), reason.trim());
    const latest = await latestPublished(tx, dataset.pk);
    await setLatestVersion(tx, dataset.pk, { n: latest?.n ?? null, updatedAt: latest?.publishedAt });
    return { n, latest_version: latest?.n ?? null };
  }, { immediate: true }); // read-then-write: a deferred transaction fails at once (SQLITE_BUSY) when another process (a CLI publish) wrote meanwhile
  const who = audit ?? { actor: actor.id, actorRole: actor.role, actorDepartmentId: actor.departmentId, requestId: null, clientHash: null };
  await recordAudit(db, { ...who, action: 'versions.withdrawn', target: `dataset:${datasetId}@${n}`, targetDepartmentId: dataset.departmentId, summary: `reason: ${reason.trim()}` });
  return result;
}
