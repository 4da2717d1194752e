import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatNumber } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { DataTable } from '../../components/data-table.js';
import type { departmentDrillDown, Scorecard } from '../../../src/usage/index.js';
import { ChartWithTable, ScrollRegion } from './chart.js';
import { StatsAssets } from './public.js';
import { PeriodForm, periodLabel } from './reviewer.js';
import { statsMessages } from './messages.js';
import { DepartmentApps } from '../apps/department-apps.js';
import type { AppList } from '../../../src/apps/index.js';

export type DrillDownPageData = { drill: Awaited<ReturnType<typeof departmentDrillDown>>; indicators: Scorecard['indicators']; periods: string[]; user: { role: string }; apps?: AppList };

type Drill = DrillDownPageData['drill'];

const IndicatorTable: FC<{ lang: Lang; name: string; drill: Drill; indicators: Scorecard['indicators'] }> = ({ lang, name, drill, indicators }) => {
  const s = statsMessages[lang];
  const figure = (v: number | null, unit = '') => (v === null ? '–' : `${formatNumber(v, lang)}${unit}`);
  return (
    <ScrollRegion label={s.drillTitle(name)}>
      <DataTable
        caption={s.drillTitle(name)}
        captionHidden
        rows={indicators}
        columns={[
          { header: s.indicator, rowHeader: true, cell: (i) => pick(lang, i.label_zh, i.label_en) },
          { header: s.value, numeric: true, cell: (i) => figure(drill.indicators[i.id]!.value, i.unit ?? '') },
          { header: s.score, numeric: true, cell: (i) => figure(drill.indicators[i.id]!.score) },
          { header: s.weight, numeric: true, cell: (i) => i.weight },
        ]}
      />
    </ScrollRegion>
  );
};

const DatasetsSection: FC<{ lang: Lang; drill: Drill }> = ({ lang, drill }) => {
  const s = statsMessages[lang];
  return (
    <section class="stats-section" aria-labelledby="dept-datasets">
      <h2 id="dept-datasets">{s.departmentDatasets}</h2>
      <ScrollRegion label={s.tableOf(s.departmentDatasets)}>
        <DataTable
          rows={drill.datasets}
          columns={[
            { header: s.dataset, rowHeader: true, cell: (d) => <a href={href(lang, `/datasets/${d.id}`)}>{pick(lang, d.title_zh, d.title_en)}</a> },
            { header: s.downloads, numeric: true, cell: (d) => formatNumber(d.downloads, lang) },
            { header: s.apiCalls, numeric: true, cell: (d) => formatNumber(d.api_calls, lang) },
            { header: s.shares, numeric: true, cell: (d) => formatNumber(d.shares, lang) },
          ]}
        />
      </ScrollRegion>
    </section>
  );
};

const OverdueSection: FC<{ lang: Lang; drill: Drill }> = ({ lang, drill }) => {
  const m = messages[lang];
  const s = statsMessages[lang];
  return (
    <section class="stats-section" aria-labelledby="overdue">
      <h2 id="overdue">{s.overdue}</h2>
      {drill.overdue.length === 0 ? <p>{s.noOverdue}</p> : (
        <ScrollRegion label={s.tableOf(s.overdue)}>
          <DataTable
            rows={drill.overdue}
            columns={[
              { header: s.dataset, rowHeader: true, cell: (o) => <a href={href(lang, `/datasets/${o.id}`)}>{pick(lang, o.title_zh, o.title_en)}</a> },
              { header: s.frequency, cell: (o) => m.frequency[o.update_frequency] ?? o.update_frequency },
              { header: s.lastPublished, cell: (o) => o.published_at.slice(0, 10) },
              { header: s.daysOld, numeric: true, cell: (o) => formatNumber(o.days_old, lang) },
            ]}
          />
        </ScrollRegion>
      )}
    </section>
  );
};

/** One department's scorecard line, its use over time, the departments its data reached, its datasets. */
export const ReviewerDepartmentPage: FC<{ lang: Lang; url: string; data: DrillDownPageData }> = ({ lang, url, data }) => {
  const m = messages[lang];
  const s = statsMessages[lang];
  const { drill } = data;
  const name = pick(lang, drill.department.name_zh, drill.department.name_en);
  const json = `/api/v1/assessment/departments/${drill.department.id}?period=${drill.period}`;
  const ranking = `${href(lang, '/reviewer')}?period=${drill.period}`;
  const series = (label: string, pickValue: (p: Drill['series'][number]) => number) => ({ name: label, data: drill.series.map(pickValue) });
  return (
    <Layout meta={{ lang, url, title: s.drillTitle(name), section: 'reviewer', json, user: data.user }}>
      <StatsAssets />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.reviewerTitle, to: ranking }, { label: name }]} />
        <PageHead lang={lang} title={s.drillTitle(name)} json={json}>
          <p class="subtitle">{`${periodLabel(lang, drill.period)} · ${s.rank} ${drill.rank} · ${s.total} ${formatNumber(drill.total, lang)}`}</p>
        </PageHead>
        <PeriodForm lang={lang} action={href(lang, `/reviewer/departments/${drill.department.id}`)} period={drill.period} periods={data.periods} />
        <p><a href={ranking}>{s.backToRanking}</a></p>
        <IndicatorTable lang={lang} name={name} drill={drill} indicators={data.indicators} />
        <ChartWithTable
          lang={lang}
          id="use-over-time"
          title={s.useOverTime}
          desc={s.useOverTimeDesc}
          firstColumn={drill.granularity === 'month' ? s.month : s.day}
          spec={{ kind: 'line', categories: drill.series.map((p) => p.period), series: [series(s.downloads, (p) => p.downloads), series(s.apiCalls, (p) => p.api_calls), series(s.shares, (p) => p.shares)] }}
        />
        <section class="stats-section" aria-labelledby="consumers">
          <h2 id="consumers">{s.consumers}</h2>
          <p class="muted">{s.consumersNote}</p>
          {drill.consumers.length === 0 ? <p>{s.noConsumers}</p> : (
            <ChartWithTable
              lang={lang}
              id="consumer-departments"
              title={s.consumers}
              desc={s.consumersNote}
              firstColumn={s.consumer}
              spec={{ kind: 'hbar', categories: drill.consumers.map((c) => pick(lang, c.name_zh, c.name_en)), series: [{ name: s.shares, data: drill.consumers.map((c) => c.shares) }] }}
            />
          )}
        </section>
        <DatasetsSection lang={lang} drill={drill} />
        <OverdueSection lang={lang} drill={drill} />
        {data.apps ? <DepartmentApps lang={lang} apps={data.apps} /> : null}
      </div>
    </Layout>
  );
};
