import type { FC } from 'hono/jsx';
import type { FacetBucket } from '../../src/catalog/index.js';
import { messages, pick, shortDepartment, type Lang, type Messages } from '../i18n.js';
import { catalogHref, type CatalogState, type FacetName } from '../catalog-query.js';
import { formatNumber } from '../format.js';

const facetTitle: Record<FacetName, (m: Messages) => string> = {
  department: (m) => m.facetDepartment,
  theme: (m) => m.facetTheme,
  open_type: (m) => m.facetOpenType,
  update_frequency: (m) => m.facetFrequency,
};

function bucketLabel(lang: Lang, facet: FacetName, b: FacetBucket): string {
  const m = messages[lang];
  if (facet === 'update_frequency') return m.frequency[b.value] ?? b.value;
  if (facet === 'open_type') return b.value === 'open' ? m.open : m.conditional;
  if (facet === 'department') return shortDepartment(lang, b.label_zh, b.label_en);
  return pick(lang, b.label_zh, b.label_en);
}

const visibleBuckets = 8;

type FacetProps = { lang: Lang; facet: FacetName; buckets: FacetBucket[]; state: CatalogState };

const BucketLink: FC<FacetProps & { bucket: FacetBucket }> = ({ lang, facet, bucket, state }) => {
  const selected = state[facet] === bucket.value;
  const to = catalogHref(lang, state, { [facet]: selected ? undefined : bucket.value });
  return (
    <li>
      <a href={to} class={selected ? 'facet-link selected' : 'facet-link'} aria-current={selected ? 'true' : undefined}>
        <span class="facet-label">
          {selected ? <span class="visually-hidden">{messages[lang].removeFilter}: </span> : null}
          {bucketLabel(lang, facet, bucket)}
        </span>
        <span class="facet-count">{formatNumber(bucket.count, lang)}</span>
      </a>
    </li>
  );
};

/** One facet as plain links (no JavaScript): following a link adds the filter, following a selected one removes it. */
const Facet: FC<FacetProps> = (props) => {
  const { lang, facet, buckets, state } = props;
  const m = messages[lang];
  if (!buckets.length) return null;
  // The selected value stays in view even when it would fall under "more".
  const ordered = [...buckets.filter((b) => b.value === state[facet]), ...buckets.filter((b) => b.value !== state[facet])];
  const head = ordered.slice(0, visibleBuckets);
  const rest = ordered.slice(visibleBuckets);
  const id = `facet-${facet}`;
  return (
    <section class="facet" aria-labelledby={id}>
      <h3 id={id}>{facetTitle[facet](m)}</h3>
      <ul>
        {head.map((b) => (
          <BucketLink {...props} bucket={b} />
        ))}
      </ul>
      {rest.length ? (
        <details>
          <summary>{lang === 'en' ? `${rest.length} more` : `更多（${rest.length}）`}</summary>
          <ul>
            {rest.map((b) => (
              <BucketLink {...props} bucket={b} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
};

export const Facets: FC<{ lang: Lang; facets: Record<FacetName, FacetBucket[]>; state: CatalogState }> = ({ lang, facets, state }) => {
  const m = messages[lang];
  const filtered = (['department', 'theme', 'open_type', 'update_frequency'] as const).some((f) => state[f]);
  return (
    <aside class="facets" aria-labelledby="facets-title">
      <h2 id="facets-title">{m.filters}</h2>
      {filtered ? (
        <p>
          <a href={catalogHref(lang, { q: state.q, sort: state.sort })}>{m.clearFilters}</a>
        </p>
      ) : null}
      {(Object.keys(facets) as FacetName[]).map((f) => (
        <Facet lang={lang} facet={f} buckets={facets[f]} state={state} />
      ))}
    </aside>
  );
};
