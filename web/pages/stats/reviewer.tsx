import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatNumber } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { DataTable, type Column } from '../../components/data-table.js';
import type { Scorecard, ScorecardRow } from '../../../src/usage/index.js';
import { ChartWithTable, ScrollRegion } from './chart.js';
import { StatsAssets } from './public.js';
import { statsMessages } from './messages.js';

export type ReviewerPageData = { card: Scorecard; rows: ScorecardRow[]; sort: string; periods: string[]; reportMonths: string[]; user: { role: string } };

export const periodLabel = (lang: Lang, period: string) => (period.length === 4 ? statsMessages[lang].year(period) : statsMessages[lang].monthOf(period));

/** A GET form, so choosing a period works without JavaScript. */
export const PeriodForm: FC<{ lang: Lang; action: string; period: string; periods: string[]; keep?: Record<string, string> }> = ({ lang, action, period, periods, keep = {} }) => {
  const s = statsMessages[lang];
  return (
    <form class="period-form" method="get" action={action}>
      <label for="period">{s.period}</label>
      <select id="period" name="period">
        {periods.map((p) => <option value={p} selected={p === period}>{periodLabel(lang, p)}</option>)}
      </select>
      {Object.entries(keep).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <button type="submit">{s.show}</button>
    </form>
  );
};

/** Column heading that sorts the ranking on the server: highest first (`-id`), again for the reverse; rank ascends. */
function sortable(label: string, id: string, sort: string, base: string, title: string): Pick<Column<ScorecardRow>, 'header' | 'numeric' | 'sort'> {
  const active = sort === id || sort === `-${id}`;
  const next = id === 'rank' ? 'rank' : sort === `-${id}` ? id : `-${id}`;
  return { header: <a href={`${base}&sort=${next}`} title={title}>{label}</a>, numeric: true, sort: active ? (sort.startsWith('-') ? 'descending' : 'ascending') : undefined };
}

const RankingTable: FC<{ lang: Lang; data: ReviewerPageData }> = ({ lang, data }) => {
  const s = statsMessages[lang];
  const { card } = data;
  const base = `${href(lang, '/reviewer')}?period=${card.period}`;
  return (
    <ScrollRegion label={s.rankingTable}>
      <DataTable
        class="ranking"
        caption={`${s.reviewerTitle} ${periodLabel(lang, card.period)}`}
        captionHidden
        rows={data.rows}
        columns={[
          { ...sortable(s.rank, 'rank', data.sort === 'rank' ? 'rank' : data.sort, base, s.sortBy(s.rank)), cell: (r) => r.rank },
          { header: s.department, rowHeader: true, cell: (r) => <a href={`${href(lang, `/reviewer/departments/${r.department.id}`)}?period=${card.period}`}>{pick(lang, r.department.name_zh, r.department.name_en)}</a> },
          // The total comes first so it stays in view at 1280 px; the indicators scroll inside the region.
          { ...sortable(s.total, 'total', data.sort, base, s.sortBy(s.total)), cell: (r) => <strong>{formatNumber(r.total, lang)}</strong> },
          ...card.indicators.map((i): Column<ScorecardRow> => ({
            ...sortable(`${pick(lang, i.label_zh, i.label_en)} (${i.weight})`, i.id, data.sort, base, s.sortBy(pick(lang, i.label_zh, i.label_en))),
            cell: (r) => {
              const v = r.indicators[i.id]!;
              return <>{v.value === null ? '–' : `${formatNumber(v.value, lang)}${i.unit ?? ''}`}<span class="score">{`${s.score} ${v.score === null ? '–' : formatNumber(v.score, lang)}`}</span></>;
            },
          })),
        ]}
      />
    </ScrollRegion>
  );
};

const ReportLinks: FC<{ lang: Lang; months: string[] }> = ({ lang, months }) => {
  const s = statsMessages[lang];
  return (
    <section class="stats-section" aria-labelledby="reports">
      <h2 id="reports">{s.reports}</h2>
      <p class="muted">{s.reportsNote}</p>
      <ul class="report-links">
        {months.map((month) => (
          <li>
            {`${periodLabel(lang, month)}: `}
            <a href={`/api/v1/reports/monthly/${month}.html`}>{s.reportHtml}</a>
            {' · '}
            <a href={`/api/v1/reports/monthly/${month}.csv?bom=1`} download={`kaifang-report-${month}.csv`}>{s.reportCsv}</a>
          </li>
        ))}
      </ul>
    </section>
  );
};

export const ReviewerPage: FC<{ lang: Lang; url: string; data: ReviewerPageData }> = ({ lang, url, data }) => {
  const m = messages[lang];
  const s = statsMessages[lang];
  const { card } = data;
  const json = `/api/v1/assessment?period=${card.period}${data.sort !== 'rank' ? `&sort=${data.sort}` : ''}`;
  return (
    <Layout meta={{ lang, url, title: s.reviewerTitle, section: 'reviewer', json, user: data.user }}>
      <StatsAssets />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.reviewerTitle }]} />
        <PageHead lang={lang} title={`${s.reviewerTitle} · ${periodLabel(lang, card.period)}`} json={json}>
          <p class="lead">{s.reviewerLead}</p>
        </PageHead>
        <PeriodForm lang={lang} action={href(lang, '/reviewer')} period={card.period} periods={data.periods} keep={data.sort !== 'rank' ? { sort: data.sort } : {}} />
        <RankingTable lang={lang} data={data} />
        <p class="muted">{s.weightsNote}</p>
        <ChartWithTable
          lang={lang}
          id="totals"
          title={s.totalsChart}
          desc={s.totalsChartDesc}
          firstColumn={s.department}
          spec={{ kind: 'hbar', max: 100, categories: card.data.map((r) => pick(lang, r.department.name_zh, r.department.name_en)), series: [{ name: s.total, data: card.data.map((r) => r.total) }] }}
        />
        <ReportLinks lang={lang} months={data.reportMonths} />
        <p class="search-demand-link">
          <a href={href(lang, '/reviewer/search')}>{lang === 'en' ? 'Search demand: what people search for and do not find' : '搜索需求：公众搜索了什么、哪些没有找到'}</a>
        </p>
        <p class="warnings-review-link">
          <a href={href(lang, '/reviewer/warnings')}>{lang === 'en' ? 'Warnings to review: escalated warnings and explanations' : '预警复核：逾期上报的预警与待审核的情况说明'}</a>
        </p>
        <p class="audit-trail-link">
          <a href={href(lang, '/admin/audit')}>{lang === 'en' ? 'Audit trail: publish and withdraw events' : '审计日志：发布与撤回记录'}</a>
        </p>
      </div>
    </Layout>
  );
};
