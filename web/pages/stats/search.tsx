import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatNumber } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { DataTable, type Column } from '../../components/data-table.js';
import type { SearchReport } from '../../../src/usage/index.js';
import { ChartWithTable, ScrollRegion } from './chart.js';
import { StatsAssets } from './public.js';

type QueryRow = SearchReport['top'][number];
export type SearchPageData = { report: SearchReport; departments: { id: string; name_zh: string; name_en: string }[]; user: { role: string } };

const t = {
  zh: {
    title: '搜索需求',
    lead: '公众在数据目录中搜索什么、哪些搜索没有结果、哪些结果没有人打开。只记录规范化后的检索词、结果数和是否打开了结果，不记录搜索者。',
    span: '统计范围',
    days: (n: number) => `最近 ${n} 天`,
    show: '查看',
    query: '检索词',
    searches: '搜索次数',
    searchers: '搜索人次（每人每天计一次）',
    opened: '打开结果的搜索',
    results: '最近一次结果数',
    top: '热门检索词',
    zero: '无结果的检索词',
    zeroNote: '每个无结果的检索词都可以一步转为数据需求，发给选定的部门，出现在需求看板上。',
    trend: '无结果搜索趋势',
    trendDesc: '最近 12 个月每月无结果的搜索次数和不同检索词数。',
    month: '月份',
    zeroSearches: '无结果搜索次数',
    zeroQueries: '无结果检索词数',
    unopened: '有结果但无人打开的检索词',
    unopenedNote: '仅统计网页搜索：结果列表中的链接带有本次搜索的编号，打开数据集页面即记为已打开。',
    ask: '转为数据需求',
    department: '提供部门',
    titleField: '需求标题',
    requestTitle: (q: string) => `公众检索无结果：${q}`,
    requestDescription: (q: string, n: number, from: string, to: string) => `数据目录中检索「${q}」在 ${from} 至 ${to} 期间有 ${n} 次没有结果。请评估是否可以开放相关数据。`,
    none: '这段时间没有记录。',
    reviewer: '考核看板',
  },
  en: {
    title: 'Search demand',
    lead: 'What people search the catalog for, which searches find nothing, and which results nobody opens. Only the normalised query, the result count and whether a result was opened are kept, never who searched.',
    span: 'Span',
    days: (n: number) => `Last ${n} days`,
    show: 'Show',
    query: 'Query',
    searches: 'Searches',
    searchers: 'Searchers (each once a day)',
    opened: 'Searches with a result opened',
    results: 'Results (latest search)',
    top: 'Top queries',
    zero: 'Queries with no results',
    zeroNote: 'Each query that found nothing can become a new-data request on the demand board, addressed to a department, in one step.',
    trend: 'Zero-result searches over time',
    trendDesc: 'Searches with no results and distinct such queries per month, last 12 months.',
    month: 'Month',
    zeroSearches: 'Zero-result searches',
    zeroQueries: 'Zero-result queries',
    unopened: 'Queries whose results nobody opens',
    unopenedNote: 'Catalog page searches only: the result links carry the search\'s id, and reaching a dataset page from one marks it opened.',
    ask: 'Make it a data request',
    department: 'Department',
    titleField: 'Request title',
    requestTitle: (q: string) => `Searched, not found: ${q}`,
    requestDescription: (q: string, n: number, from: string, to: string) => `The catalog search "${q}" found nothing ${n} times between ${from} and ${to}. Please consider opening such data.`,
    none: 'Nothing recorded in this span.',
    reviewer: 'Assessment',
  },
};

const figureColumns = (lang: Lang): Column<QueryRow>[] => [
  { header: t[lang].searches, numeric: true, cell: (r) => formatNumber(r.searches, lang) },
  { header: t[lang].searchers, numeric: true, cell: (r) => formatNumber(r.searchers, lang) },
];

const QueryTable: FC<{ lang: Lang; caption: string; rows: QueryRow[]; columns: Column<QueryRow>[] }> = ({ lang, caption, rows, columns }) =>
  rows.length ? (
    <ScrollRegion label={caption}>
      <DataTable caption={caption} captionHidden rows={rows} columns={[{ header: t[lang].query, rowHeader: true, cell: (r) => r.query }, ...columns]} />
    </ScrollRegion>
  ) : (
    <p class="empty">{t[lang].none}</p>
  );

/** One step: the demand board's own form handler (POST /demand/new) creates the request, addressed to the chosen department. */
const AskForm: FC<{ lang: Lang; row: QueryRow; data: SearchPageData; index: number }> = ({ lang, row, data, index }) => {
  const s = t[lang];
  const id = `ask-${index}`;
  return (
    <form method="post" action={href(lang, '/demand/new')} class="search-ask">
      <input type="hidden" name="kind" value="new_data" />
      <input type="hidden" name="description" value={s.requestDescription(row.query, row.searches, data.report.from, data.report.to)} />
      <label for={`${id}-title`} class="visually-hidden">{s.titleField}</label>
      <input id={`${id}-title`} name="title" value={s.requestTitle(row.query).slice(0, 200)} maxlength={200} required />
      <label for={`${id}-department`} class="visually-hidden">{s.department}</label>
      <select id={`${id}-department`} name="department" required>
        {data.departments.map((d) => <option value={d.id}>{pick(lang, d.name_zh, d.name_en)}</option>)}
      </select>
      <button type="submit">{s.ask}</button>
    </form>
  );
};

/** /reviewer/search: top queries, zero-result queries (with their trend and the one-step data request), unopened results. */
export const SearchDemandPage: FC<{ lang: Lang; url: string; data: SearchPageData }> = ({ lang, url, data }) => {
  const m = messages[lang];
  const s = t[lang];
  const { report } = data;
  return (
    <Layout meta={{ lang, url, title: s.title, section: 'reviewer', user: data.user }}>
      <StatsAssets />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.reviewer, to: href(lang, '/reviewer') }, { label: s.title }]} />
        <PageHead lang={lang} title={`${s.title} · ${s.days(report.days)}`}>
          <p class="lead">{s.lead}</p>
        </PageHead>
        <form class="period-form" method="get" action={href(lang, '/reviewer/search')}>
          <label for="days">{s.span}</label>
          <select id="days" name="days">
            {[30, 90, 365].map((d) => <option value={String(d)} selected={d === report.days}>{s.days(d)}</option>)}
          </select>
          <button type="submit">{s.show}</button>
        </form>
        <section class="stats-section" aria-labelledby="zero-results">
          <h2 id="zero-results">{s.zero}</h2>
          <p class="muted">{s.zeroNote}</p>
          <QueryTable lang={lang} caption={s.zero} rows={report.zeroResults} columns={[...figureColumns(lang), { header: s.ask, cell: (r, i) => <AskForm lang={lang} row={r} data={data} index={i} /> }]} />
        </section>
        <ChartWithTable
          lang={lang}
          id="zero-trend"
          title={s.trend}
          desc={s.trendDesc}
          firstColumn={s.month}
          spec={{ kind: 'bar', categories: report.trend.map((p) => p.month), series: [{ name: s.zeroSearches, data: report.trend.map((p) => p.searches) }, { name: s.zeroQueries, data: report.trend.map((p) => p.queries) }] }}
        />
        <section class="stats-section" aria-labelledby="top-queries">
          <h2 id="top-queries">{s.top}</h2>
          <QueryTable lang={lang} caption={s.top} rows={report.top} columns={[...figureColumns(lang), { header: s.results, numeric: true, cell: (r) => formatNumber(r.results, lang) }, { header: s.opened, numeric: true, cell: (r) => formatNumber(r.opened, lang) }]} />
        </section>
        <section class="stats-section" aria-labelledby="unopened">
          <h2 id="unopened">{s.unopened}</h2>
          <p class="muted">{s.unopenedNote}</p>
          <QueryTable lang={lang} caption={s.unopened} rows={report.unopened} columns={[...figureColumns(lang), { header: s.results, numeric: true, cell: (r) => formatNumber(r.results, lang) }]} />
        </section>
      </div>
    </Layout>
  );
};
