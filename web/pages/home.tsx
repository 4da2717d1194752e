import type { FC } from 'hono/jsx';
import type { CatalogRow, DepartmentRow, selectOverview, selectThemes } from '../../src/catalog/index.js';
import { href, messages, pick, shortDepartment, type Lang } from '../i18n.js';
import { formatNumber } from '../format.js';
import { Layout, JsonLink, type Viewer } from '../components/layout.js';
import { SearchBox } from '../components/bits.js';
import { DatasetList } from '../components/dataset-card.js';
import { PortalFeedLink } from '../components/search-head.js';

export type HomeData = {
  overview: Awaited<ReturnType<typeof selectOverview>>;
  themes: Awaited<ReturnType<typeof selectThemes>>;
  departments: DepartmentRow[];
  recent: CatalogRow[];
};

const Figures: FC<{ lang: Lang; overview: HomeData['overview'] }> = ({ lang, overview }) => {
  const m = messages[lang];
  const figures = [
    { label: m.figDatasets, value: overview.datasets, id: 'datasets' },
    { label: m.figDepartments, value: overview.departments, id: 'departments' },
    { label: m.figRecords, value: overview.records, id: 'records' },
    { label: m.figVersions, value: overview.versions, id: 'versions' },
  ];
  return (
    <ul class="figures">
      {figures.map((f) => (
        <li class="figure" data-figure={f.id}>
          <span class="figure-value">{formatNumber(f.value, lang)}</span>
          <span class="figure-label">{f.label}</span>
        </li>
      ))}
    </ul>
  );
};

const Themes: FC<{ lang: Lang; themes: HomeData['themes'] }> = ({ lang, themes }) => {
  const m = messages[lang];
  return (
    <ul class="theme-grid">
      {themes.map((t, i) => (
        <li>
          <a class="theme-tile" href={`${href(lang, '/datasets')}?theme=${encodeURIComponent(t.id)}`}>
            <span class={`theme-mark tone-${i % 5}`} aria-hidden="true">
              {t.name_zh.slice(0, 1)}
            </span>
            <span class="theme-name">{pick(lang, t.name_zh, t.name_en)}</span>
            <span class="theme-count">
              {formatNumber(t.datasets, lang)} {m.datasetsUnit}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
};

const Departments: FC<{ lang: Lang; departments: DepartmentRow[] }> = ({ lang, departments }) => {
  const m = messages[lang];
  return (
    <ul class="department-grid">
      {departments.map((d) => (
        <li>
          <a href={href(lang, `/departments/${d.id}`)}>{shortDepartment(lang, d.name_zh, d.name_en)}</a>
          <span class="department-count">
            {formatNumber(d.datasets, lang)} {m.datasetsUnit}
          </span>
        </li>
      ))}
    </ul>
  );
};

export const HomePage: FC<{ lang: Lang; url: string; user?: Viewer; data: HomeData }> = ({ lang, url, user, data }) => {
  const m = messages[lang];
  const json = '/api/v1/stats/overview';
  return (
    <Layout meta={{ lang, url, user, title: m.portal, section: 'home', json, description: m.heroText, head: <PortalFeedLink lang={lang} /> }}>
      <section class="hero" aria-labelledby="hero-title">
        <div class="container">
          <h1 id="hero-title">{m.heroTitle}</h1>
          <p class="hero-text">{m.heroText}</p>
          <SearchBox lang={lang} size="large" />
          <Figures lang={lang} overview={data.overview} />
          <p class="hero-json">
            <JsonLink lang={lang} to={json} />
          </p>
        </div>
      </section>
      <div class="container home-sections">
        <section aria-labelledby="themes-title">
          <h2 id="themes-title">{m.themes}</h2>
          <Themes lang={lang} themes={data.themes} />
        </section>
        <section aria-labelledby="recent-title">
          <div class="section-head">
            <h2 id="recent-title">{m.recent}</h2>
            <a href={`${href(lang, '/datasets')}?sort=-updated`}>{m.allDatasets} →</a>
          </div>
          <DatasetList lang={lang} rows={data.recent} />
        </section>
        <section aria-labelledby="departments-title">
          <div class="section-head">
            <h2 id="departments-title">{m.departments}</h2>
            <a href={href(lang, '/departments')}>{m.navDepartments} →</a>
          </div>
          <Departments lang={lang} departments={data.departments} />
        </section>
      </div>
    </Layout>
  );
};
