import { datasetSorts, facetNames, type DatasetQuery, type DatasetSort } from '../src/catalog/index.js';
import { href, type Lang } from './i18n.js';

export const pageSize = 20;

export type FacetName = (typeof facetNames)[number];

/** What the catalog page was asked for, as a plain record of its URL parameters. */
export type CatalogState = { q?: string; sort?: DatasetSort; cursor?: string } & Partial<Record<FacetName, string>>;

const clip = (value: string | undefined, max: number) => {
  const v = value?.trim();
  return v ? v.slice(0, max) : undefined;
};

/** Pages are lenient where the API is strict: an unknown sort falls back to the default, unknown parameters are ignored. */
export function readCatalogState(query: Record<string, string>): CatalogState {
  const state: CatalogState = {};
  const q = clip(query.q, 200);
  if (q) state.q = q;
  for (const f of facetNames) {
    const v = clip(query[f], 100);
    if (v) state[f] = v;
  }
  if ((datasetSorts as readonly string[]).includes(query.sort ?? '')) state.sort = query.sort as DatasetSort;
  const cursor = clip(query.cursor, 2048);
  if (cursor) state.cursor = cursor;
  return state;
}

export const toDatasetQuery = (state: CatalogState): DatasetQuery => ({ ...state, limit: pageSize });

function toSearch(state: CatalogState): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The catalog URL for `state` with `changes` applied; any change of filter or sort starts again at page one. */
export function catalogHref(lang: Lang, state: CatalogState, changes: Partial<CatalogState> = {}): string {
  const next: CatalogState = { ...state, cursor: undefined, ...changes };
  return href(lang, '/datasets') + toSearch(next);
}

/** The JSON twin: the API list with the same query, page size and cursor (cursors are shared by both). */
export const catalogJsonHref = (state: CatalogState) => `/api/v1/datasets${toSearch({ ...state })}${Object.keys(state).length ? '&' : '?'}limit=${pageSize}`;
