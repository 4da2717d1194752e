import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../i18n.js';

export const OpenTypeBadge: FC<{ lang: Lang; openType: string }> = ({ lang, openType }) => (
  <span class={`badge badge-${openType === 'open' ? 'open' : 'conditional'}`}>
    {openType === 'open' ? messages[lang].open : messages[lang].conditional}
  </span>
);

/** A GET form: works without JavaScript; `size` picks the large home-page variant. */
export const SearchBox: FC<{ lang: Lang; q?: string; size?: 'large' | 'normal'; hidden?: Record<string, string> }> = ({ lang, q, size = 'normal', hidden = {} }) => {
  const m = messages[lang];
  const id = size === 'large' ? 'q-home' : 'q';
  return (
    <form class={`search-box search-${size}`} role="search" method="get" action={href(lang, '/datasets')}>
      <label for={id} class="visually-hidden">
        {m.searchLabel}
      </label>
      <input id={id} type="search" name="q" value={q ?? ''} placeholder={m.searchPlaceholder} maxlength={200} autocomplete="off" />
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit">{m.searchButton}</button>
    </form>
  );
};

export const YesNo: FC<{ lang: Lang; value: boolean }> = ({ lang, value }) => (
  <span class={value ? 'yes' : 'no'}>{value ? messages[lang].yes : messages[lang].no}</span>
);
