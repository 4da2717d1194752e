import { z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { isoSeconds } from '../lib/dates.js';
import { canPublishFor } from '../auth/index.js';
import { datasetCodeTaken, datasetIdTaken, departmentExists, insertDataset, selectDatasetMetadata, themeExists, updateDatasetMetadata, type NewDataset } from './catalog-writes.store.js';
import { reindexCatalog } from './catalog-search.sql.js';
import { datasetSchemaSchema } from './dataset-schema.js';
import { frequencies } from './catalog.schemas.js';
import { recordAudit, type AuditActor } from '../audit/index.js';

const text = (max: number) => z.string().trim().min(1).max(max);

const metadataFields = {
  title_zh: text(200),
  title_en: text(200),
  summary_zh: text(4000),
  summary_en: text(4000),
  theme: text(100),
  open_type: z.enum(['open', 'conditional']),
  share_type: z.enum(['无条件共享', '有条件共享', '不予共享']),
  update_frequency: z.enum(frequencies),
  license: text(100),
  keywords: z.array(text(50)).max(20),
  keywords_en: z.array(text(50)).max(20),
  spatial: text(100),
  industry: z.string().trim().max(100).nullable(),
  related_codes: z.array(text(100)).max(50),
};

// Defaults apply on creation only: an edit changes just the fields it names.
export const DatasetMetadataSchema = z.object({
  ...metadataFields,
  share_type: metadataFields.share_type.default('无条件共享'),
  license: metadataFields.license.default('CC-BY-4.0'),
  keywords: metadataFields.keywords.default([]),
  keywords_en: metadataFields.keywords_en.default([]),
  spatial: metadataFields.spatial.default('马鞍山市'),
  industry: metadataFields.industry.default(null),
  related_codes: metadataFields.related_codes.default([]),
});

export const CreateDatasetSchema = DatasetMetadataSchema.extend({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'lower-case letters, digits and -'),
  code: text(100),
  department: text(100),
  fields: datasetSchemaSchema,
}).strict().openapi('CreateDataset');

export const UpdateDatasetSchema = z.object(metadataFields).partial().strict().openapi('UpdateDataset');

type Actor = { id: string; role: string; departmentId: string | null };

/** Without a request (scripts, tests) the audit row names the acting user, with no request id or client. */
const actorOnly = (a: Actor): AuditActor => ({ actor: a.id, actorRole: a.role, actorDepartmentId: a.departmentId, requestId: null, clientHash: null });

/** A publisher acts for its own department only; an admin for any. */
export function assertCanPublishFor(actor: Actor, departmentId: string) {
  if (canPublishFor(actor, departmentId)) return;
  throw new ApiError(403, 'forbidden', `Only publishers of department '${departmentId}' (or an admin) may change its datasets.`);
}

export async function createDataset(deps: AppDeps, actor: Actor, input: z.infer<typeof CreateDatasetSchema>, audit?: AuditActor) {
  assertCanPublishFor(actor, input.department);
  const { db } = deps;
  if (!await departmentExists(db, input.department)) throw new ApiError(422, 'invalid_reference', `Department '${input.department}' does not exist.`);
  if (!await themeExists(db, input.theme)) throw new ApiError(422, 'invalid_reference', `Theme '${input.theme}' does not exist.`);
  if (await datasetIdTaken(db, input.id)) throw new ApiError(409, 'conflict', `A dataset with id '${input.id}' exists already.`);
  if (await datasetCodeTaken(db, input.code)) throw new ApiError(409, 'conflict', `The resource code '${input.code}' is used already.`);
  const now = isoSeconds(deps.now());
  const pk = await insertDataset(db, {
      id: input.id, code: input.code, titleZh: input.title_zh, titleEn: input.title_en, summaryZh: input.summary_zh, summaryEn: input.summary_en,
      departmentId: input.department, themeId: input.theme, openType: input.open_type, shareType: input.share_type, updateFrequency: input.update_frequency,
      license: input.license, keywords: input.keywords, keywordsEn: input.keywords_en, spatial: input.spatial, industry: input.industry,
      relatedCodes: input.related_codes, schema: input.fields, createdAt: now, updatedAt: now, latestVersion: null,
    });
  await reindexCatalog(db, [pk]);
  await recordAudit(db, { ...(audit ?? actorOnly(actor)), action: 'datasets.created', target: `dataset:${input.id}`, targetDepartmentId: input.department });
  return input.id;
}

const columnOf: Record<keyof z.infer<typeof UpdateDatasetSchema>, keyof NewDataset> = {
  title_zh: 'titleZh', title_en: 'titleEn', summary_zh: 'summaryZh', summary_en: 'summaryEn', theme: 'themeId', open_type: 'openType',
  share_type: 'shareType', update_frequency: 'updateFrequency', license: 'license', keywords: 'keywords', keywords_en: 'keywordsEn',
  spatial: 'spatial', industry: 'industry', related_codes: 'relatedCodes',
};

/** Edits metadata (never a published version's schema) and records who changed what, and when. */
export async function updateDataset(deps: AppDeps, actor: Actor, id: string, patch: z.infer<typeof UpdateDatasetSchema>, audit?: AuditActor) {
  const { db } = deps;
  const current = await selectDatasetMetadata(db, id);
  if (!current) throw new ApiError(404, 'not_found', `Dataset '${id}' does not exist`);
  assertCanPublishFor(actor, current.departmentId);
  if (patch.theme && !await themeExists(db, patch.theme)) throw new ApiError(422, 'invalid_reference', `Theme '${patch.theme}' does not exist.`);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set: Partial<NewDataset> = {};
  for (const [key, value] of Object.entries(patch) as [keyof typeof columnOf, unknown][]) {
    const column = columnOf[key];
    const before = current[column as keyof typeof current];
    if (value === undefined || JSON.stringify(before) === JSON.stringify(value)) continue;
    changes[key] = { from: before, to: value };
    (set as Record<string, unknown>)[column] = value;
  }
  if (Object.keys(changes).length === 0) return { changed: [] as string[] };
  await updateDatasetMetadata(db, current.pk, set, { ts: isoSeconds(deps.now()), userId: actor.id, changes });
  await reindexCatalog(db, [current.pk]);
  // The changed fields' names only: the before/after values are in the dataset's own change history.
  await recordAudit(db, { ...(audit ?? actorOnly(actor)), action: 'datasets.edited', target: `dataset:${id}`, targetDepartmentId: current.departmentId, summary: `changed: ${Object.keys(changes).join(', ')}` });
  return { changed: Object.keys(changes) };
}
