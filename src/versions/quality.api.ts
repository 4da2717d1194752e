import { z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { fieldTypes } from '../lib/field-spec.js';
import { findDataset, parseVersionNumber } from './downloads.js';
import { getVersion } from './versions.store.js';
import { versionQuality } from './quality.store.js';
import type { QualityFinding, QualityProfile } from './quality.js';

const FindingSchema = z.object({
  count: z.number().int().openapi({ description: 'How many rows' }),
  examples: z.array(z.string()).openapi({ description: 'Up to 3 distinct values, in byte order; empty for a conditional dataset (its values are data)' }),
});

export const QualityProfileSchema = z
  .object({
    dataset: z.string(),
    n: z.number().int(),
    computed_at: z.string().openapi({ description: 'When the profile was computed (at publish time); dates after it count as in the future' }),
    row_count: z.number().int(),
    fields: z.array(z.object({
      name: z.string(),
      type: z.enum(fieldTypes),
      empty: z.number().int().openapi({ description: 'Rows with no value (null or empty text)' }),
      empty_share: z.number().openapi({ description: 'empty / row_count, 0..1' }),
      distinct: z.number().int().openapi({ description: 'Distinct non-empty values' }),
      distinct_capped: z.boolean().openapi({ description: 'true: at least `distinct` (counting stops at 100,000)' }),
      min: z.union([z.string(), z.number()]).nullable().optional().openapi({ description: 'Number, integer, date and datetime fields only' }),
      max: z.union([z.string(), z.number()]).nullable().optional(),
      outside_enum: FindingSchema.optional().openapi({ description: 'Fields declaring an enum: values not in it' }),
      outside_range: FindingSchema.optional().openapi({ description: 'Fields declaring minimum/maximum: values outside them' }),
      future_dates: FindingSchema.optional().openapi({ description: 'Date and datetime fields: values after computed_at (date fields: after that day in the city, UTC+8)' }),
    })),
  })
  .openapi('QualityProfile');

type Presented = z.infer<typeof QualityProfileSchema>;

function presentQuality(datasetId: string, n: number, p: QualityProfile, showExamples: boolean): Presented {
  const finding = (f: QualityFinding | undefined) => (f ? { count: f.count, examples: showExamples ? f.examples : [] } : undefined);
  return {
    dataset: datasetId,
    n,
    computed_at: p.computedAt,
    row_count: p.rowCount,
    fields: p.fields.map((f) => ({
      name: f.name,
      type: f.type,
      empty: f.empty,
      empty_share: f.emptyShare,
      distinct: f.distinct,
      distinct_capped: f.distinctCapped === true,
      ...('min' in f ? { min: f.min ?? null, max: f.max ?? null } : {}),
      ...(f.outsideEnum ? { outside_enum: finding(f.outsideEnum) } : {}),
      ...(f.outsideRange ? { outside_range: finding(f.outsideRange) } : {}),
      ...(f.futureDates ? { future_dates: finding(f.futureDates) } : {}),
    })),
  };
}

/**
 * A version's stored data-quality profile, as public as the version itself (withdrawn versions too); the examples,
 * which are values of the data, only for open datasets. Never computed here: one not computed yet is a 503.
 */
export async function getVersionQuality(deps: Pick<AppDeps, 'db'>, datasetId: string, nParam: string): Promise<Presented> {
  const dataset = await findDataset(deps, datasetId);
  const n = parseVersionNumber(dataset.id, nParam);
  if (!(await getVersion(deps.db, dataset.pk, n))) throw new ApiError(404, 'not_found', `Version ${n} of dataset '${dataset.id}' does not exist`);
  const profile = await versionQuality(deps.db, dataset.pk, n);
  if (!profile) {
    throw new ApiError(503, 'quality_not_computed', `The data-quality profile of version ${n} of '${dataset.id}' is being computed in the background; try again in a minute.`, { headers: { 'Retry-After': '60' } });
  }
  return presentQuality(dataset.id, n, profile, dataset.open_type === 'open');
}
