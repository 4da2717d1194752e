import type { AppDeps } from '../app-deps.js';
import { selectCatalog, type CatalogRow } from './catalog.store.js';
import { searchCatalog } from './catalog-search.sql.js';

export const facetNames = ['department', 'theme', 'open_type', 'update_frequency'] as const;
type FacetName = (typeof facetNames)[number];
/**
 * A key ascends, the same key with a leading `-` descends, as in the records API: `records` = fewest first,
 * `-updated` = newest first. `relevance` is always best first (newest first without `q`); it has no reverse.
 */
export const datasetSorts = ['relevance', 'title', '-title', '-updated', 'updated', '-records', 'records'] as const;
export type DatasetSort = (typeof datasetSorts)[number];

export type DatasetQuery = {
  q?: string;
  department?: string;
  theme?: string;
  open_type?: string;
  update_frequency?: string;
  sort?: DatasetSort;
  limit: number;
  cursor?: string;
};

export type FacetBucket = { value: string; label_zh: string; label_en: string; count: number };

const facetValue: Record<FacetName, (r: CatalogRow) => string> = {
  department: (r) => r.department_id,
  theme: (r) => r.theme_id,
  open_type: (r) => r.open_type,
  update_frequency: (r) => r.update_frequency,
};

const facetLabel: Record<FacetName, (r: CatalogRow) => [string, string]> = {
  department: (r) => [r.department_zh, r.department_en],
  theme: (r) => [r.theme_zh, r.theme_en],
  open_type: (r) => (r.open_type === 'open' ? ['无条件开放', 'Open'] : ['有条件开放', 'Conditional']),
  update_frequency: (r) => [frequencyZh[r.update_frequency] ?? r.update_frequency, r.update_frequency],
};

export const frequencyZh: Record<string, string> = { daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', yearly: '每年', irregular: '不定期' };

type SortKey = (string | number)[];

/** Keys compared ascending, so descending orders are built inverted; pk last so equal keys still order deterministically. */
function sortKey(sort: DatasetSort, rank: Map<number, number> | null): (r: CatalogRow) => SortKey {
  switch (sort) {
    case 'relevance':
      return rank ? (r) => [rank.get(r.pk) ?? 0, r.pk] : (r) => [invert(r.updated_at), r.pk];
    case 'title':
      return (r) => [r.title_zh, r.pk];
    case '-title':
      return (r) => [invert(r.title_zh), r.pk];
    case 'updated':
      return (r) => [r.updated_at, r.pk];
    case '-updated':
      return (r) => [invert(r.updated_at), r.pk];
    case 'records':
      return (r) => [r.records, r.pk];
    case '-records':
      return (r) => [-r.records, r.pk];
  }
}

// Makes a descending string order sortable ascending: each code unit mirrored.
const invert = (s: string) => String.fromCharCode(...Array.from(s, (ch) => 0xffff - ch.charCodeAt(0)));

const compareKeys = (a: SortKey, b: SortKey) => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
};

export async function listDatasets(deps: AppDeps, query: DatasetQuery) {
  const rank = query.q?.trim() ? await searchCatalog(deps, query.q, (message) => deps.log.error(message)) : null;
  const searched = query.q?.trim() ? (rank ? (await selectCatalog(deps)).filter((r) => rank.has(r.pk)) : []) : await selectCatalog(deps);
  const filters = facetNames.filter((f) => query[f]).map((f) => [f, query[f]!] as const);
  const matches = (r: CatalogRow, except?: FacetName) => filters.every(([f, v]) => f === except || facetValue[f](r) === v);

  const facets = Object.fromEntries(
    facetNames.map((f) => {
      const buckets = new Map<string, FacetBucket>();
      for (const r of searched) {
        if (!matches(r, f)) continue;
        const value = facetValue[f](r);
        const [label_zh, label_en] = facetLabel[f](r);
        const b = buckets.get(value) ?? { value, label_zh, label_en, count: 0 };
        b.count++;
        buckets.set(value, b);
      }
      return [f, [...buckets.values()].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))];
    }),
  ) as Record<FacetName, FacetBucket[]>;

  const sort = query.sort ?? 'relevance';
  const key = sortKey(sort, rank);
  // '/2': `updated` and `records` changed direction (issue 12); a cursor made under the old meaning is refused, not misread.
  const fingerprint = JSON.stringify(['datasets/2', query.q ?? '', filters, sort]);
  const after = query.cursor ? deps.cursors.decode<SortKey>(query.cursor, fingerprint) : null;
  const ordered = searched.filter((r) => matches(r)).map((r) => ({ r, k: key(r) })).sort((a, b) => compareKeys(a.k, b.k));
  const start = after ? ordered.findIndex((x) => compareKeys(x.k, after) > 0) : 0;
  const page = start < 0 ? [] : ordered.slice(start, start + query.limit);
  const last = page.at(-1);
  const hasMore = start >= 0 && start + query.limit < ordered.length;
  return {
    data: page.map((x) => x.r),
    total: ordered.length,
    next_cursor: hasMore && last ? deps.cursors.encode(last.k, fingerprint) : null,
    facets,
  };
}

