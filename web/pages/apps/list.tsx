import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../../i18n.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../../components/layout.js';
import { appsHref, type AppsQuery } from '../../loaders/apps.js';
import { appsMessages } from './messages.js';
import { AppList, type AppCardData } from './parts.js';

type Choice = { id: string; name: string };
export type AppsListData = { query: AppsQuery; total: number; apps: AppCardData[]; pages: number; themes: Choice[]; departments: Choice[] };

const Select: FC<{ id: string; label: string; all: string; value?: string; options: Choice[] }> = ({ id, label, all, value, options }) => (
  <div class="app-filter">
    <label for={id}>{label}</label>
    <select id={id} name={id.replace(/^f-/, '')}>
      <option value="">{all}</option>
      {options.map((o) => <option value={o.id} selected={value === o.id}>{o.name}</option>)}
    </select>
  </div>
);

/** Search and filters in one GET form: works without JavaScript, and the address says what is shown. */
const Filters: FC<{ lang: Lang; data: AppsListData }> = ({ lang, data }) => {
  const m = appsMessages[lang];
  const q = data.query;
  const kinds = Object.entries(m.kinds).map(([id, name]) => ({ id, name }));
  return (
    <form method="get" action={href(lang, '/apps')} class="app-filters" role="search" aria-label={m.search}>
      <div class="app-filter app-filter-q">
        <label for="f-q">{m.search}</label>
        <input type="search" id="f-q" name="q" value={q.q ?? ''} maxlength={200} />
      </div>
      <Select id="f-theme" label={m.theme} all={m.all} value={q.theme} options={data.themes} />
      <Select id="f-department" label={m.department} all={m.all} value={q.department} options={data.departments} />
      <Select id="f-kind" label={m.kind} all={m.all} value={q.kind} options={kinds} />
      <button type="submit" class="button-secondary">{m.filter}</button>
    </form>
  );
};

const Pager: FC<{ lang: Lang; data: AppsListData }> = ({ lang, data }) => {
  const m = appsMessages[lang];
  const page = data.query.page ?? 1;
  if (data.pages <= 1) return null;
  return (
    <nav class="pager" aria-label={m.pager}>
      {page > 1 ? <a href={appsHref(lang, data.query, { page: page - 1 })} rel="prev">{m.prev}</a> : <span />}
      <span>{m.page(page, data.pages)}</span>
      {page < data.pages ? <a href={appsHref(lang, data.query, { page: page + 1 })} rel="next">{m.next}</a> : <span />}
    </nav>
  );
};

/** `/apps`: the approved apps and results built on the data, filtered by theme, department, kind and words. */
export const AppsListPage: FC<{ lang: Lang; url: string; user?: Viewer; data: AppsListData }> = ({ lang, url, user, data }) => {
  const m = appsMessages[lang];
  const q = data.query;
  const filtered = !!(q.q || q.theme || q.department || q.kind);
  // The JSON twin takes the same filters under the same names (and refuses unknown ones, so only these are passed).
  const twin = appsHref('zh', q);
  const json = `/api/v1/apps${twin.includes('?') ? twin.slice(twin.indexOf('?')) : ''}`;
  return (
    <Layout meta={{ lang, url, user, title: m.title, section: 'apps', json, description: m.intro }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: messages[lang].navHome, to: href(lang, '/') }, { label: m.title }]} />
        <PageHead lang={lang} title={m.title} json={json}>
          <p class="subtitle">{m.intro}</p>
        </PageHead>
        <p><a href={href(lang, '/apps/new')}>{m.submitLink}</a></p>
        <Filters lang={lang} data={data} />
        <p class="results-count" role="status">{m.count(data.total)}</p>
        {data.apps.length ? <AppList lang={lang} apps={data.apps} /> : <p class="empty">{filtered ? m.empty : m.emptyAll}</p>}
        <Pager lang={lang} data={data} />
      </div>
    </Layout>
  );
};
