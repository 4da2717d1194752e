import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatNumber } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { DataTable } from '../../components/data-table.js';
import type { UsageOverview, SeriesPoint, DatasetUsage, departmentStats } from '../../../src/usage/index.js';
import { ChartWithTable, ScrollRegion } from './chart.js';
import { statsMessages } from './messages.js';
import { statsAssetHref } from '../../stats-assets.js';

export type StatsPageData = {
  catalog: { datasets: number; departments: number; records: number };
  usage: UsageOverview;
  range: { from: string; to: string };
  monthly: SeriesPoint[];
  top: DatasetUsage[];
  departments: Awaited<ReturnType<typeof departmentStats>>;
};

/** Scripts and styles of the statistics pages; the portal's layout stays as it is. */
export const StatsAssets: FC = () => (
  <>
    <link rel="stylesheet" href={statsAssetHref('stats.css')} />
    <script src={statsAssetHref('echarts.min.js')} defer></script>
    <script src={statsAssetHref('charts.js')} defer></script>
  </>
);

const Figure: FC<{ label: string; value: number; sub?: string; lang: Lang }> = ({ label, value, sub, lang }) => (
  <li>
    <span class="label">{label}</span>
    <span class="value">{formatNumber(value, lang)}</span>
    {sub ? <span class="sub">{sub}</span> : null}
  </li>
);

const TopDatasets: FC<{ lang: Lang; data: StatsPageData }> = ({ lang, data }) => {
  const s = statsMessages[lang];
  return (
    <section class="stats-section" aria-labelledby="top-datasets">
      <h2 id="top-datasets">{s.topDatasets}</h2>
      <p class="muted">{s.topDatasetsNote}</p>
      <ScrollRegion label={s.tableOf(s.topDatasets)}>
        <DataTable
          rows={data.top}
          columns={[
            { header: s.dataset, rowHeader: true, cell: (d) => <a href={href(lang, `/datasets/${d.id}`)}>{pick(lang, d.title_zh, d.title_en)}</a> },
            {
              header: s.department,
              cell: (d) => {
                const dept = data.departments.data.find((x) => x.id === d.department_id);
                return dept ? pick(lang, dept.name_zh, dept.name_en) : d.department_id;
              },
            },
            { header: s.downloads, numeric: true, cell: (d) => formatNumber(d.downloads, lang) },
            { header: s.apiCalls, numeric: true, cell: (d) => formatNumber(d.api_calls, lang) },
            { header: s.shares, numeric: true, cell: (d) => formatNumber(d.shares, lang) },
          ]}
        />
      </ScrollRegion>
    </section>
  );
};

const Departments: FC<{ lang: Lang; data: StatsPageData }> = ({ lang, data }) => {
  const s = statsMessages[lang];
  return (
    <section class="stats-section" aria-labelledby="by-department">
      <h2 id="by-department">{s.byDepartment}</h2>
      <p class="muted">{s.byDepartmentNote}</p>
      <ScrollRegion label={s.tableOf(s.byDepartment)}>
        <DataTable
          rows={data.departments.data}
          columns={[
            { header: s.department, rowHeader: true, cell: (d) => <a href={href(lang, `/departments/${d.id}`)}>{pick(lang, d.name_zh, d.name_en)}</a> },
            { header: s.datasets, numeric: true, cell: (d) => formatNumber(d.datasets, lang) },
            { header: s.records, numeric: true, cell: (d) => formatNumber(d.records, lang) },
            { header: s.downloads, numeric: true, cell: (d) => formatNumber(d.downloads, lang) },
            { header: s.apiCalls, numeric: true, cell: (d) => formatNumber(d.api_calls, lang) },
            { header: s.shares, numeric: true, cell: (d) => formatNumber(d.shares, lang) },
            { header: s.consumerDepartments, numeric: true, cell: (d) => formatNumber(d.consumer_departments, lang) },
            { header: s.punctuality, numeric: true, cell: (d) => `${formatNumber(d.punctuality, lang)}%` },
          ]}
        />
      </ScrollRegion>
      <p class="muted">{s.rulesLink}</p>
    </section>
  );
};

/** The public statistics page: headline figures, downloads per month, top datasets, departments. */
export const StatsPage: FC<{ lang: Lang; url: string; data: StatsPageData }> = ({ lang, url, data }) => {
  const m = messages[lang];
  const s = statsMessages[lang];
  const json = `/api/v1/stats/departments?from=${data.range.from}&to=${data.range.to}`;
  const sub = (n: number) => `${s.last30} ${formatNumber(n, lang)}`;
  const allTime = (label: string) => (lang === 'en' ? `${label} (${s.allTime.toLowerCase()})` : `${label}（${s.allTime}）`);
  return (
    <Layout meta={{ lang, url, title: s.statsTitle, section: 'stats', json, description: s.statsLead }}>
      <StatsAssets />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.statsTitle }]} />
        <PageHead lang={lang} title={s.statsTitle} json={json}>
          <p class="lead">{s.statsLead}</p>
        </PageHead>
        <ul class="stats-figures">
          <Figure lang={lang} label={allTime(s.downloads)} value={data.usage.downloads.total} sub={sub(data.usage.downloads.last_30_days)} />
          <Figure lang={lang} label={allTime(s.uniqueDownloads)} value={data.usage.unique_downloads.total} sub={sub(data.usage.unique_downloads.last_30_days)} />
          <Figure lang={lang} label={allTime(s.apiCalls)} value={data.usage.api_calls.total} sub={sub(data.usage.api_calls.last_30_days)} />
          <Figure lang={lang} label={allTime(lang === 'en' ? 'Dataset page views' : '数据集浏览量')} value={data.usage.views.total} sub={sub(data.usage.views.last_30_days)} />
          <Figure lang={lang} label={allTime(s.shares)} value={data.usage.shares.total} sub={sub(data.usage.shares.last_30_days)} />
          <Figure lang={lang} label={s.datasets} value={data.catalog.datasets} sub={`${s.records} ${formatNumber(data.catalog.records, lang)}`} />
        </ul>
        <ChartWithTable
          lang={lang}
          id="monthly-downloads"
          title={s.monthlyDownloads}
          desc={s.monthlyDownloadsDesc(data.range.from, data.range.to)}
          firstColumn={s.month}
          spec={{ kind: 'bar', categories: data.monthly.map((p) => p.period), series: [{ name: s.downloads, data: data.monthly.map((p) => p.downloads) }, { name: s.apiCalls, data: data.monthly.map((p) => p.api_calls) }] }}
        />
        <TopDatasets lang={lang} data={data} />
        <Departments lang={lang} data={data} />
      </div>
    </Layout>
  );
};
