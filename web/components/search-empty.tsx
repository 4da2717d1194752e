import type { FC } from 'hono/jsx';
import type { SearchSuggestions } from '../../src/catalog/index.js';
import { href, type Lang } from '../i18n.js';
import { catalogHref, type CatalogState } from '../catalog-query.js';

const text = {
  zh: {
    nothingFor: (q: string) => `没有找到与“${q}”相关的数据集。`,
    filtered: '当前的筛选条件可能过窄：',
    clearFilters: '只按关键词搜索',
    didYouMean: '您是不是要找：',
    popular: '热门搜索：',
    askTitle: '没有找到需要的数据？',
    ask: '提出数据开放需求',
    askHint: '需求公开在需求与纠错栏目，由数据提供部门答复。',
  },
  en: {
    nothingFor: (q: string) => `No dataset matches “${q}”.`,
    filtered: 'The filters may be too narrow:',
    clearFilters: 'search by keywords only',
    didYouMean: 'Did you mean:',
    popular: 'Popular searches:',
    askTitle: 'Cannot find the data you need?',
    ask: 'Ask for new data',
    askHint: 'Requests are public on the requests and corrections board and answered by the department that holds the data.',
  },
} as const;

const WordLinks: FC<{ lang: Lang; label: string; words: string[]; cls: string }> = ({ lang, label, words, cls }) =>
  words.length ? (
    <p class={`search-suggestions ${cls}`}>
      {label}{' '}
      {words.map((w, i) => (
        <>
          {i ? '、' : ''}
          <a href={catalogHref(lang, { q: w })}>{w}</a>
        </>
      ))}
    </p>
  ) : null;

/** What a search that found nothing offers: nearer words, popular searches, and asking for the data on the demand board. */
export const SearchEmpty: FC<{ lang: Lang; state: CatalogState; suggestions: SearchSuggestions }> = ({ lang, state, suggestions }) => {
  const t = text[lang];
  const filtered = Object.entries(state).some(([k, v]) => v && k !== 'q' && k !== 'sort' && k !== 'cursor');
  return (
    <div class="empty search-empty">
      <p>{t.nothingFor(state.q ?? '')}</p>
      {filtered ? (
        <p>
          {t.filtered} <a href={catalogHref(lang, { q: state.q })}>{t.clearFilters}</a>
        </p>
      ) : null}
      <WordLinks lang={lang} label={t.didYouMean} words={suggestions.didYouMean} cls="did-you-mean" />
      <WordLinks lang={lang} label={t.popular} words={suggestions.popular} cls="popular-searches" />
      <p class="ask-for-data">
        {t.askTitle} <a href={`${href(lang, '/demand/new')}?kind=new_data`}>{t.ask}</a>
        <span class="hint"> {t.askHint}</span>
      </p>
    </div>
  );
};
