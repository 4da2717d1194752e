import type { AppDeps } from '../../src/app-deps.js';
import { listDatasets, searchSuggestions } from '../../src/catalog/index.js';
import { toDatasetQuery, type CatalogState } from '../catalog-query.js';
import type { Lang } from '../i18n.js';

/** The catalog page's search: its page of results and, when a search found nothing, what to try instead. */
export async function loadCatalogSearch(deps: AppDeps, state: CatalogState, lang: Lang) {
  const result = await listDatasets(deps, toDatasetQuery(state));
  const suggestions = state.q && result.total === 0 && !state.cursor ? await searchSuggestions(deps, state.q, lang) : null;
  return { result, suggestions };
}
