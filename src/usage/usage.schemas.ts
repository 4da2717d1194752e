import { z } from '@hono/zod-openapi';

const day = (name: 'from' | 'to', what: string) =>
  z.string().max(40).optional().openapi({ param: { name, in: 'query' }, description: `${what} (YYYY-MM-DD, a UTC day, included; not in the future)`, example: name === 'from' ? '2026-01-01' : '2026-06-30' });

export const RangeQuery = z.object({ from: day('from', 'First day'), to: day('to', 'Last day') }).strict();

export const SeriesQuery = z
  .object({
    from: day('from', 'First day (default: 30 days back for day, 12 months back for month)'),
    to: day('to', 'Last day (default today)'),
    granularity: z.enum(['day', 'month']).default('month').openapi({ param: { name: 'granularity', in: 'query' }, description: 'One point per day or per month' }),
  })
  .strict();

export const TopDatasetsQuery = z
  .object({
    from: day('from', 'First day (default: 365 days back)'),
    to: day('to', 'Last day (default today)'),
    limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(20).openapi({ param: { name: 'limit', in: 'query' } }),
  })
  .strict();

export const PeriodQuery = z
  .object({
    period: z.string().max(40).optional().openapi({ param: { name: 'period', in: 'query' }, description: 'A year (2026) or a month (2026-03); default the current year', example: '2026' }),
    sort: z.string().max(60).optional().openapi({ param: { name: 'sort', in: 'query' }, description: 'rank (default), total or an indicator id, ascending; prefix - for descending (as every sort of the API): -shares is most shares first', example: '-shares' }),
  })
  .strict();

export const DepartmentPeriodQuery = z.object({ period: PeriodQuery.shape.period }).strict();

const unique = (what: string) => z.number().int().openapi({ description: `COUNTER unique ${what}: each consumer (user, key, or anonymous address) once per dataset and day, summed over the days` });

/** COUNTER's unique figures, beside the totals they are drawn from. */
const uniqueFigures = {
  unique_downloads: unique('downloads'),
  unique_api_calls: unique('API calls'),
  unique_shares: unique('shares (per kind of use)'),
};

const figures = {
  downloads: z.number().int(),
  api_calls: z.number().int(),
  deliveries: z.number().int(),
  shares: z.number().int(),
  ...uniqueFigures,
};

export const SeriesPointSchema = z.object({ period: z.string().openapi({ description: 'YYYY-MM-DD or YYYY-MM' }), ...figures, robots: z.number().int().openapi({ description: 'Robot downloads left out of the figures' }) }).openapi('UsagePoint');

export const SeriesSchema = z
  .object({ from: z.string(), to: z.string(), granularity: z.enum(['day', 'month']), totals: z.object({ ...figures, robots: z.number().int() }), series: z.array(SeriesPointSchema) })
  .openapi('UsageSeries');

export const DatasetSeriesSchema = SeriesSchema.extend({ dataset: z.object({ id: z.string(), title_zh: z.string(), title_en: z.string(), department_id: z.string() }) }).openapi('DatasetUsage');

export const TopDatasetSchema = z.object({ id: z.string(), title_zh: z.string(), title_en: z.string(), department_id: z.string(), downloads: z.number().int(), api_calls: z.number().int(), shares: z.number().int(), ...uniqueFigures });
export const TopDatasetsSchema = z.object({ from: z.string(), to: z.string(), data: z.array(TopDatasetSchema), total: z.number().int() }).openapi('TopDatasets');

export const DepartmentStatsSchema = z
  .object({
    id: z.string(),
    name_zh: z.string(),
    name_en: z.string(),
    datasets: z.number().int(),
    records: z.number().int(),
    capacity: z.number().int().openapi({ description: 'Fields x rows of the latest versions' }),
    ...figures,
    consumer_departments: z.number().int().openapi({ description: 'Distinct other departments that used its data' }),
    punctual_datasets: z.number().int(),
    punctuality: z.number().openapi({ description: 'Percent of its datasets whose latest version is within the declared update frequency' }),
  })
  .openapi('DepartmentStats');

export const DepartmentStatsListSchema = z.object({ from: z.string(), to: z.string(), as_of: z.string(), data: z.array(DepartmentStatsSchema), total: z.number().int() }).openapi('DepartmentStatsList');

const IndicatorResultSchema = z.object({ value: z.number().nullable(), score: z.number().nullable().openapi({ description: '0-100' }) });
const ConsumerSchema = z.object({ department_id: z.string(), name_zh: z.string(), name_en: z.string(), shares: z.number().int().openapi({ description: 'Unique shares, as the shares indicator counts them' }) });

export const ScorecardSchema = z
  .object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    as_of: z.string().openapi({ description: 'Catalog figures (datasets, punctuality) are as they stood at this instant' }),
    weights_file: z.string(),
    indicators: z.array(z.object({ id: z.string(), label_zh: z.string(), label_en: z.string(), description: z.string(), unit: z.string().nullable(), higher_is_better: z.boolean(), weight: z.number() })),
    data: z.array(
      z.object({
        rank: z.number().int(),
        department: z.object({ id: z.string(), name_zh: z.string(), name_en: z.string() }),
        total: z.number().openapi({ description: 'Weighted mean of the scores, 0-100' }),
        indicators: z.record(z.string(), IndicatorResultSchema),
        shares_by_consumer: z.array(ConsumerSchema),
      }),
    ),
    total: z.number().int(),
  })
  .openapi('Scorecard');

export const DepartmentDrillDownSchema = z
  .object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    department: z.object({ id: z.string(), name_zh: z.string(), name_en: z.string() }),
    rank: z.number().int(),
    total: z.number(),
    indicators: z.record(z.string(), IndicatorResultSchema),
    granularity: z.enum(['day', 'month']),
    series: z.array(SeriesPointSchema),
    consumers: z.array(ConsumerSchema),
    datasets: z.array(TopDatasetSchema),
    overdue: z.array(z.object({ id: z.string(), title_zh: z.string(), title_en: z.string(), update_frequency: z.string(), published_at: z.string(), days_old: z.number() })),
  })
  .openapi('AssessmentDepartment');

export const MeUsageSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    data: z.array(
      z.object({
        key: z.object({ id: z.string(), name: z.string(), prefix: z.string(), rate_per_min: z.number().int(), daily_quota: z.number().int(), used_today: z.number().int(), quota_remaining: z.number().int() }),
        days: z.array(z.object({ day: z.string(), calls: z.number().int().openapi({ description: 'Successful (2xx) calls' }), errors: z.number().int(), rows: z.number().int(), bytes: z.number().int() })),
      }),
    ),
    total: z.number().int(),
  })
  .openapi('MyUsage');
