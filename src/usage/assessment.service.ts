import { type CachedDb, selectDepartmentRefs, type DepartmentRef } from '../catalog/index.js';
import { ApiError } from '../lib/errors.js';
import type { Period } from './usage.period.js';
import type { Indicator } from './assessment.indicators.js';
import { loadAuditedAssessmentConfig, type AssessmentConfig } from './assessment.config.js';
import { selectConsumerShares, type ConsumerShare } from './stats.sql.js';

export type { DepartmentRef };
export type IndicatorResult = { value: number | null; score: number | null };
export type ScorecardRow = {
  rank: number;
  department: DepartmentRef;
  total: number;
  indicators: Record<string, IndicatorResult>;
  shares_by_consumer: { department_id: string; name_zh: string; name_en: string; shares: number }[];
};
export type Scorecard = {
  period: string;
  from: string;
  to: string;
  as_of: string;
  indicators: { id: string; label_zh: string; label_en: string; description: string; unit: string | null; higher_is_better: boolean; weight: number }[];
  data: ScorecardRow[];
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 0-100: value / best for "more is better"; (worst - value) / (worst - best) for "less is better"; null where it does not apply. */
export function normalise(values: (number | null)[], higherIsBetter: boolean): (number | null)[] {
  const present = values.filter((v): v is number => v !== null);
  // Nobody has any (no demands at all in a month, say): the indicator tells nothing this period.
  if (!present.length || (higherIsBetter && Math.max(...present) <= 0)) return values.map(() => null);
  const best = higherIsBetter ? Math.max(...present) : Math.min(...present);
  const worst = higherIsBetter ? Math.min(...present) : Math.max(...present);
  return values.map((v) => {
    if (v === null) return null;
    if (higherIsBetter) return round2((Math.max(v, 0) / best) * 100);
    return worst === best ? 100 : round2(((worst - v) / (worst - best)) * 100);
  });
}

/** Competition ranking (1, 2, 2, 4): equal totals share a rank; the department order breaks display ties. */
function rank(rows: Omit<ScorecardRow, 'rank'>[]): ScorecardRow[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  let current = 0;
  return sorted.map((r, i) => {
    if (i === 0 || sorted[i - 1]!.total !== r.total) current = i + 1;
    return { rank: current, ...r };
  });
}

/** What a scorecard is computed from: the database, the app's read cache and its indicators. */
export type ScorecardDeps = CachedDb & { indicators: readonly Indicator[] };

export async function buildScorecard(deps: ScorecardDeps, period: Period, given?: AssessmentConfig): Promise<Scorecard> {
  const config = given ?? (await loadAuditedAssessmentConfig(deps.db));
  const departments = await selectDepartmentRefs(deps.db);
  const names = new Map(departments.map((d) => [d.id, d]));
  const columns: { indicator: Indicator; weight: number; values: (number | null)[]; scores: (number | null)[] }[] = [];
  for (const indicator of deps.indicators) {
    const values = await indicator.compute(deps, period);
    const row = departments.map((d) => (values.has(d.id) ? values.get(d.id)! : 0));
    columns.push({ indicator, weight: config.weights[indicator.id] ?? 0, values: row, scores: normalise(row, indicator.higherIsBetter) });
  }
  const consumers = new Map<string, ConsumerShare[]>();
  for (const s of await selectConsumerShares(deps, period)) consumers.set(s.owner_department_id, [...(consumers.get(s.owner_department_id) ?? []), s]);

  const rows = departments.map((department, d) => {
    let weighted = 0;
    let weights = 0;
    const results: Record<string, IndicatorResult> = {};
    for (const c of columns) {
      const value = c.values[d]!;
      const score = c.scores[d]!;
      results[c.indicator.id] = { value: value === null ? null : round2(value), score };
      if (score === null || c.weight === 0) continue;
      weighted += score * c.weight;
      weights += c.weight;
    }
    const shares_by_consumer = (consumers.get(department.id) ?? []).map((s) => ({
      department_id: s.consumer_department_id,
      name_zh: names.get(s.consumer_department_id)?.name_zh ?? s.consumer_department_id,
      name_en: names.get(s.consumer_department_id)?.name_en ?? s.consumer_department_id,
      shares: s.shares,
    }));
    return { department, total: weights ? round2(weighted / weights) : 0, indicators: results, shares_by_consumer };
  });

  return {
    period: period.label,
    from: period.from,
    to: period.to,
    as_of: period.asOf,
    indicators: columns.map(({ indicator: i, weight }) => ({ id: i.id, label_zh: i.label_zh, label_en: i.label_en, description: i.description, unit: i.unit ?? null, higher_is_better: i.higherIsBetter, weight })),
    data: rank(rows),
  };
}

export const scorecardSortKeys = (card: Pick<Scorecard, 'indicators'>) => ['rank', 'total', ...card.indicators.map((i) => i.id)];

/** Server-side sort for the dashboard and `?sort=`: as everywhere, `shares` ascends and `-shares` descends (best first); ties keep rank order. */
export function sortScorecard(card: Scorecard, sort: string | undefined): ScorecardRow[] {
  if (!sort || sort === 'rank') return card.data;
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!scorecardSortKeys(card).includes(key)) {
    throw new ApiError(400, 'invalid_parameter', `Invalid query parameter 'sort': '${sort.slice(0, 40)}' is not one of ${scorecardSortKeys(card).join(', ')} (prefix - for descending)`, { errors: [{ field: 'sort', message: 'unknown sort key' }] });
  }
  const valueOf = (r: ScorecardRow) => (key === 'rank' ? r.rank : key === 'total' ? r.total : (r.indicators[key]?.value ?? -Infinity));
  return [...card.data].sort((a, b) => {
    const diff = desc ? valueOf(b) - valueOf(a) : valueOf(a) - valueOf(b);
    return diff || a.rank - b.rank;
  });
}
