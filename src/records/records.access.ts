import type { Db } from '../db/client.js';
import type { ApiKeyPrincipal } from '../lib/context.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { ApiError } from '../lib/errors.js';
import { conditionalAccess } from '../keys/index.js';
import type { RecordsTarget } from './records.target.js';

/**
 * The fields a key may read. Open data: all. Conditional (有条件开放) data: see `conditionalAccess`
 * (403 `grant_required` without a grant); a grant naming fields shows those (the primary key always).
 */
export async function visibleSchema(db: Db, target: RecordsTarget, key: ApiKeyPrincipal, now: Date): Promise<FieldSpec[]> {
  if (target.openType === 'open') return target.schema;
  const access = await conditionalAccess(db, { pk: target.datasetPk, departmentId: target.departmentId }, { userId: key.ownerUserId, keyId: key.id, departmentId: key.departmentId, role: key.ownerRole }, now);
  if (!access) {
    throw new ApiError(403, 'grant_required', `'${target.titleZh}' (${target.datasetId}) is conditional open data (有条件开放): its records need an approved application (grant) for this key or its owner.`, {
      dataset: target.datasetId,
    });
  }
  if (access === 'all') return target.schema;
  const allowed = new Set(access);
  return target.schema.filter((f) => f.primary_key || allowed.has(f.name));
}
