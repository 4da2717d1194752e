import type { FC } from 'hono/jsx';
import { type listDatasets, datasetSorts } from '../../src/catalog/index.js';
import { messages, type Lang } from '../i18n.js';
import { catalogHref, catalogJsonHref, type CatalogState } from '../catalog-query.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../components/layout.js';
import { SearchBox } from '../components/bits.js';
import { Facets } from '../components/facets.js';
import { DatasetList } from '../components/dataset-card.js';
import { href } from '../i18n.js';
import { CatalogHead } from '../components/search-head.js';
import { SearchEmpty } from '../components/search-empty.js';
import type { SearchSuggestions } from '../../src/catalog/index.js';

type Result = Awaited<ReturnType<typeof listDatasets>>;

/** Sorting needs a submit button: the page works without JavaScript. */
const SortForm: FC<{ lang: Lang; state: CatalogState }> = ({ lang, state }) => {
  const m = messages[lang];
  const keep = Object.entries(state).filter(([k, v]) => v && k !== 'sort' && k !== 'cursor');
  const current = state.sort ?? 'relevance';
  return (
    <form class="sort-form" method="get" action={href(lang, '/datasets')}>
      {keep.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <label for="sort">{m.sortLabel}</label>
      <select id="sort" name="sort">
        {datasetSorts.map((s) => (
          <option value={s} selected={s === current}>
            {m.sorts[s]}
          </option>
        ))}
      </select>
      <button type="submit" class="button-secondary">
        {m.sortApply}
      </button>
    </form>
  );
};

const Pager: FC<{ lang: Lang; state: CatalogState; next: string | null }> = ({ lang, state, next }) => {
  const m = messages[lang];
  if (!next && !state.cursor) return null;
  return (
    <nav class="pager" aria-label={m.pagination}>
      {state.cursor ? <a href={catalogHref(lang, state)}>{m.firstPage}</a> : <span />}
      {next ? (
        <a class="pager-next" rel="next" href={catalogHref(lang, state, { cursor: next })}>
          {m.nextPage} →
        </a>
      ) : null}
    </nav>
  );
};

/** `suggestions`: given when a search found nothing (web/loaders/catalog-search.ts). */
export const CatalogPage: FC<{ lang: Lang; url: string; user?: Viewer; state: CatalogState; result: Result; origin: string; suggestions?: SearchSuggestions | null; searchId?: string | null }> = ({
  lang,
  url,
  user,
  state,
  result,
  origin,
  suggestions,
  searchId,
}) => {
  const m = messages[lang];
  const json = catalogJsonHref(state);
  const title = state.q ? m.resultsFor(state.q) : m.catalogTitle;
  return (
    <Layout meta={{ lang, url, user, title, section: 'catalog', json, head: <CatalogHead lang={lang} origin={origin} datasets={result.data} /> }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: m.catalogTitle }]} />
        <PageHead lang={lang} title={title} json={json} />
        <SearchBox lang={lang} q={state.q} hidden={state.sort ? { sort: state.sort } : {}} />
        <div class="catalog">
          <Facets lang={lang} facets={result.facets} state={state} />
          <section class="results" aria-labelledby="results-count">
            <div class="results-bar">
              <h2 id="results-count" class="results-count">
                {m.resultsCount(result.total)}
              </h2>
              <SortForm lang={lang} state={state} />
            </div>
            {result.data.length ? (
              <DatasetList lang={lang} rows={result.data} searchId={searchId} />
            ) : suggestions ? (
              <SearchEmpty lang={lang} state={state} suggestions={suggestions} />
            ) : (
              <p class="empty">{m.noResults}</p>
            )}
            <Pager lang={lang} state={state} next={result.next_cursor} />
          </section>
        </div>
      </div>
    </Layout>
  );
};
