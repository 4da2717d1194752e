import type { AppDeps } from '../../app-deps.js';
import { listDatasets } from '../../catalog/index.js';
import { ckanValidation } from './ckan.envelope.js';
import { isFieldQuery, parseFilterQuery, type PackageFacts } from './ckan.fq.js';
import { presentPackage, type CkanPackage } from './ckan.present.js';
import type { CkanSource } from './ckan.source.js';

// package_search: `q` is the catalog's own full-text search (src/catalog, its ranking is `score`), `fq` and
// field:value `q` filter, then CKAN's sorts, paging and facets over the matches.

export type SearchParams = { q: string; fq: string; rows: number; start: number; sort: string; facetFields: string[]; facetLimit: number; facetMincount: number };

export const defaultSort = 'score desc, metadata_modified desc';
const facetable = ['organization', 'groups', 'tags', 'res_format', 'license_id'] as const;

function factsOf(p: CkanPackage): PackageFacts {
  return {
    strings: {
      id: [p.id], name: [p.name], title: [p.title], organization: [p.organization.name], owner_org: [p.owner_org],
      groups: p.groups.map((g) => g.name), tags: p.tags.map((t) => t.name), res_format: [...new Set(p.resources.map((r) => r.format))],
      license_id: [p.license_id], dataset_type: ['dataset'], type: ['dataset'], state: ['active'], capacity: ['public'],
      identifier: p.extras.filter((e) => e.key === 'identifier').map((e) => e.value),
    },
    dates: { metadata_modified: Date.parse(`${p.metadata_modified}Z`), metadata_created: Date.parse(`${p.metadata_created}Z`) },
  };
}

type Hit = { p: CkanPackage; facts: PackageFacts; score: number };
type SortKey = (h: Hit) => number | string;

const sortKeys: Record<string, SortKey> = {
  score: (h) => h.score,
  metadata_modified: (h) => h.facts.dates.metadata_modified!,
  metadata_created: (h) => h.facts.dates.metadata_created!,
  title_string: (h) => h.p.title.toLowerCase(),
  name: (h) => h.p.name,
  id: (h) => h.p.id,
};

/** CKAN's `sort`: comma-separated `field asc|desc`; the id breaks ties, so pages never overlap. */
export function parseSort(sort: string): (a: Hit, b: Hit) => number {
  const parts = sort.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [field = '', dir = 'asc', ...rest] = s.split(/\s+/);
    const key = sortKeys[field];
    if (!key || rest.length || !['asc', 'desc'].includes(dir)) throw ckanValidation({ sort: [`Unsupported sort '${s}': use ${Object.keys(sortKeys).join(', ')} with asc or desc`] });
    return { key, sign: dir === 'desc' ? -1 : 1 };
  });
  parts.push({ key: sortKeys.id!, sign: 1 });
  return (a, b) => {
    for (const { key, sign } of parts) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  };
}

/** Scores from the catalog's search (best first); null: `q` asks for everything. */
async function textScores(deps: AppDeps, q: string): Promise<Map<string, number> | null> {
  if (!q.trim() || isFieldQuery(q)) return null;
  const found = await listDatasets(deps, { q, sort: 'relevance', limit: 1_000_000 });
  return new Map(found.data.map((r, i) => [r.id, found.data.length - i]));
}

function facetsOf(hits: Hit[], source: CkanSource, params: SearchParams) {
  const facets: Record<string, Record<string, number>> = {};
  const search_facets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = {};
  const title = (field: string, name: string) =>
    field === 'organization' ? (source.departments.find((d) => d.id === name)?.name_zh ?? name) : field === 'groups' ? (source.themes.find((t) => t.id === name)?.name_zh ?? name) : name;
  for (const field of params.facetFields) {
    const counts = new Map<string, number>();
    for (const h of hits) for (const v of h.facts.strings[field] ?? []) counts.set(v, (counts.get(v) ?? 0) + 1);
    const items = [...counts].filter(([, n]) => n >= params.facetMincount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const kept = params.facetLimit < 0 ? items : items.slice(0, params.facetLimit);
    facets[field] = Object.fromEntries(kept);
    search_facets[field] = { title: field, items: kept.map(([name, count]) => ({ name, display_name: title(field, name), count })) };
  }
  return { facets, search_facets };
}

export async function packageSearch(deps: AppDeps, origin: string, source: CkanSource, params: SearchParams) {
  const unknown = params.facetFields.filter((f) => !(facetable as readonly string[]).includes(f));
  if (unknown.length) throw ckanValidation({ 'facet.field': [`Unsupported facet: ${unknown.join(', ')} (use ${facetable.join(', ')})`] });
  const compare = parseSort(params.sort || defaultSort);
  const now = deps.now();
  const filters = [parseFilterQuery(params.fq, now), ...(isFieldQuery(params.q) ? [parseFilterQuery(params.q, now)] : [])];
  const scores = await textScores(deps, params.q);
  const hits = source.rows
    .filter((r) => !scores || scores.has(r.id))
    .map((r) => {
      const p = presentPackage(origin, source, r);
      return { p, facts: factsOf(p), score: scores?.get(r.id) ?? 0 };
    })
    .filter((h) => filters.every((f) => f(h.facts)))
    .sort(compare);
  return {
    count: hits.length,
    sort: params.sort || defaultSort,
    ...facetsOf(hits, source, params),
    results: hits.slice(params.start, params.start + params.rows).map((h) => h.p),
  };
}
