import type { Child, FC } from 'hono/jsx';
import type { MonthlyReport } from './assessment.drill.js';
import { BarChart, ColumnChart } from './svg-charts.js';
import { FiguresSection } from './report-figures.js';

const fmt = (n: number | null) => (n === null ? '–' : n.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
const freqZh: Record<string, string> = { daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', yearly: '每年', irregular: '不定期' };

const css = `
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1b2733; margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; line-height: 1.5; }
.portal { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .25rem 1rem; padding: .6rem 0; border-bottom: 2px solid #a3211b; margin-bottom: 1.25rem; }
.portal a { color: #0b4a8b; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; border-left: 4px solid #a3211b; padding-left: .5rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
table { border-collapse: collapse; width: 100%; font-size: .875rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #c4ced9; padding: .3rem .45rem; text-align: left; } th { background: #eef3f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; min-width: 3.5em; }
.weight { display: block; font-weight: 400; color: #4a5663; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; list-style: none; padding: 0; }
.figures li { border: 1px solid #c4ced9; border-radius: 6px; padding: .6rem .8rem; } .figures strong { display: block; font-size: 1.4rem; }
.muted { color: #4a5663; font-size: .875rem; } .chart { display: block; margin: .5rem 0; }
.scroll { overflow-x: auto; position: relative; max-width: 100%; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  .portal { display: block; } .portal nav { display: none; }
  .scroll { overflow: visible; }
  h2 { break-after: avoid; } table, svg { break-inside: avoid; } thead { display: table-header-group; }
  table { font-size: 8.5pt; } th, td { padding: .2rem .3rem; }
  a { color: inherit; text-decoration: none; }
}
`;

/** A table that may be wider than a phone scrolls in its own named, focusable region, not the page (reflow at 320 px). */
const Scroll: FC<{ label: string; children: Child }> = ({ label, children }) => <div class="scroll" role="region" aria-label={label} tabindex={0}>{children}</div>;

const change = (now: number, before: number) => (before === 0 ? '' : ` (${now >= before ? '+' : ''}${(((now - before) / before) * 100).toFixed(1)}% 环比)`);

/** At most this many indicator columns per table, so the ranking prints on a portrait A4 page without one-character columns. */
const columnsPerTable = 7;

const RankingSection: FC<{ report: MonthlyReport }> = ({ report: r }) => {
  const { card } = r;
  const top10 = card.data.slice(0, 10);
  const groups: (typeof card.indicators)[] = [];
  for (let i = 0; i < card.indicators.length; i += columnsPerTable) groups.push(card.indicators.slice(i, i + columnsPerTable));
  return (
    <section aria-labelledby="ranking">
      <h2 id="ranking">二、部门排名 Ranking</h2>
      <BarChart title="综合得分前十的部门" desc="Total scores (0-100) of the ten best-ranked departments" bars={top10.map((row) => ({ label: row.department.name_zh, value: row.total }))} max={100} />
      {groups.map((indicators, n) => (
        <Scroll label={n === 0 ? '总分与指标（一）Total and indicators' : `指标（${'一二三四五六七八九'[n] ?? n + 1}）Indicators, continued`}>
        <table>
          <caption class="muted">{n === 0 ? '总分与指标（一）Total and indicators' : `指标（${'一二三四五六七八九'[n] ?? n + 1}）Indicators, continued`}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">排名</th>
              <th scope="col">部门</th>
              {n === 0 ? <th scope="col" class="num">总分</th> : null}
              {indicators.map((i) => <th scope="col" class="num">{i.label_zh}<span class="weight">{`权重 ${i.weight}`}</span></th>)}
            </tr>
          </thead>
          <tbody>
            {card.data.map((row) => (
              <tr>
                <td class="num">{row.rank}</td>
                <th scope="row">{row.department.name_zh}</th>
                {n === 0 ? <td class="num"><strong>{fmt(row.total)}</strong></td> : null}
                {indicators.map((i) => <td class="num">{fmt(row.indicators[i.id]?.value ?? null)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
        </Scroll>
      ))}
    </section>
  );
};

const OverdueSection: FC<{ report: MonthlyReport }> = ({ report: r }) => {
  return (
    <section aria-labelledby="overdue">
      <h2 id="overdue">三、未按期更新的数据集 Overdue updates</h2>
      {r.overdue.length === 0 ? <p>本月末所有数据集均按声明的更新周期更新。</p> : (
        <Scroll label="未按期更新的数据集表 Overdue table">
        <table>
          <thead><tr><th scope="col">部门</th><th scope="col">数据集</th><th scope="col">更新周期</th><th scope="col">最新版本发布</th><th scope="col" class="num">已过天数</th></tr></thead>
          <tbody>
            {r.overdue.map((o) => (
              <tr><td>{o.department.name_zh}</td><td>{o.title_zh}</td><td>{freqZh[o.update_frequency] ?? o.update_frequency}</td><td>{o.published_at.slice(0, 10)}</td><td class="num">{fmt(o.days_old)}</td></tr>
            ))}
          </tbody>
        </table>
        </Scroll>
      )}
    </section>
  );
};

const TopDatasetsSection: FC<{ report: MonthlyReport }> = ({ report: r }) => {
  const { card } = r;
  return (
    <section aria-labelledby="top-datasets">
      <h2 id="top-datasets">四、使用最多的数据集 Top datasets</h2>
      <Scroll label="使用最多的数据集表 Top datasets table">
      <table>
        <thead><tr><th scope="col">数据集</th><th scope="col">部门</th><th scope="col" class="num">下载量</th><th scope="col" class="num">接口调用</th><th scope="col" class="num">共享频次</th></tr></thead>
        <tbody>
          {r.topDatasets.map((d) => (
            <tr><td>{d.title_zh}</td><td>{card.data.find((x) => x.department.id === d.department_id)?.department.name_zh ?? d.department_id}</td><td class="num">{fmt(d.downloads)}</td><td class="num">{fmt(d.api_calls)}</td><td class="num">{fmt(d.shares)}</td></tr>
          ))}
        </tbody>
      </table>
      </Scroll>
    </section>
  );
};

const departmentName = (r: MonthlyReport, id: string) => r.card.data.find((x) => x.department.id === id)?.department.name_zh ?? id;

/** What the indicators with details counted (the apps approved in the month), per department, linked to their pages. */
const DetailsSection: FC<{ report: MonthlyReport; details: MonthlyReport['details'][number]; n: string }> = ({ report: r, details, n }) => {
  const id = `details-${n}`;
  const departments = [...new Set(details.items.map((i) => i.department_id))];
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{`${n}、${details.title_zh} ${details.title_en}`}</h2>
      {departments.length === 0 ? <p>本月没有新批准的应用成果。No apps approved this month.</p> : (
        <Scroll label={`${details.title_zh}表 ${details.title_en} table`}>
        <table>
          <thead><tr><th scope="col">部门</th><th scope="col" class="num">数量</th><th scope="col">本月批准 Approved this month</th></tr></thead>
          <tbody>
            {departments.map((dept) => {
              const items = details.items.filter((i) => i.department_id === dept);
              return (
                <tr>
                  <th scope="row">{departmentName(r, dept)}</th>
                  <td class="num">{items.length}</td>
                  <td>{items.map((i, k) => <>{k > 0 ? '；' : ''}<a href={i.href}>{i.name_zh}</a>{i.demo ? '（演示 Demo）' : ''}</>)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </Scroll>
      )}
    </section>
  );
};

/** The month's most asked queries that found nothing, and the datasets published since that answer them. */
const UnmetSearchSection: FC<{ report: MonthlyReport; n: string }> = ({ report: r, n }) => (
  <section aria-labelledby="unmet-search">
    <h2 id="unmet-search">{`${n}、未满足的搜索需求 Unmet search demand`}</h2>
    <p class="muted">本月搜索无结果的查询（按次数），以及之后首次发布、标题或关键词包含该查询的数据集。Queries of the month that found nothing, and the datasets first published since whose title or keywords contain them.</p>
    {r.unmetSearch.length === 0 ? <p>本月没有无结果的搜索。No search found nothing this month.</p> : (
      <Scroll label="未满足的搜索需求表 Unmet search demand table">
      <table>
        <thead><tr><th scope="col">查询 Query</th><th scope="col" class="num">搜索次数</th><th scope="col" class="num">搜索人数</th><th scope="col">此后发布的数据集 Answered by</th></tr></thead>
        <tbody>
          {r.unmetSearch.map((q) => (
            <tr>
              <td>{q.query}</td><td class="num">{fmt(q.searches)}</td><td class="num">{fmt(q.searchers)}</td>
              <td>{q.answeredBy.length === 0 ? '尚未满足 Not yet answered' : q.answeredBy.map((d, k) => <>{k > 0 ? '；' : ''}<a href={`/datasets/${encodeURIComponent(d.dataset_id)}`}>{d.title_zh}</a>{`（${departmentName(r, d.department_id)}，${d.first_published.slice(0, 10)}）`}</>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </Scroll>
    )}
  </section>
);

const Headline: FC<{ report: MonthlyReport; every: number }> = ({ report: r, every }) => {
  const { card } = r;
  return (
    <section aria-labelledby="headline">
      <h2 id="headline">一、总体情况 Headline figures</h2>
      <ul class="figures">
        <li>下载量 Downloads<strong>{fmt(r.totals.downloads)}</strong><span class="muted">{change(r.totals.downloads, r.previousTotals.downloads)}</span></li>
        <li>独立下载量 Unique downloads<strong>{fmt(r.totals.unique_downloads)}</strong><span class="muted">{change(r.totals.unique_downloads, r.previousTotals.unique_downloads)}</span></li>
        <li>接口调用 API calls<strong>{fmt(r.totals.api_calls)}</strong><span class="muted">{change(r.totals.api_calls, r.previousTotals.api_calls)}</span></li>
        <li>共享频次 Shares<strong>{fmt(r.totals.shares)}</strong><span class="muted">{change(r.totals.shares, r.previousTotals.shares)}</span></li>
        <li>使用数据的部门 Consumer depts<strong>{fmt(r.consumerDepartments)}</strong></li>
      </ul>
      <ColumnChart title={`${card.period} 每日下载量`} desc="Counted downloads per UTC day; the table of daily figures is in the CSV and JSON APIs." bars={r.daily.map((p) => ({ label: p.period.slice(8), value: p.downloads }))} every={every} />
    </section>
  );
};

/** The printable monthly monitoring report (月度监测报告): figures, ranking, overdue updates, top datasets, apps, unmet search demand, SVG charts. */
export const MonthlyReportPage: FC<{ report: MonthlyReport }> = ({ report: r }) => {
  const { card } = r;
  const every = Math.ceil(r.daily.length / 10);
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`数据开放共享月度监测报告 ${card.period}`}</title>
        <style>{css}</style>
      </head>
      <body>
        <header class="portal">
          <a href="/">马鞍山市公共数据开放平台 Ma'anshan Open Data</a>
          <nav aria-label="报告导航 Report navigation">
            <a href={`/reviewer?period=${card.period}`}>返回考核看板 Back to the assessment</a>
          </nav>
        </header>
        <main>
          <h1>{`数据开放共享月度监测报告（${card.period}）`}</h1>
          <p class="muted">{`Monthly monitoring report · ${card.from} – ${card.to} (UTC) · 生成于 ${r.generatedAt} · 计数规则、各项指标的计算方法和权重见平台的考核看板与统计说明`}</p>
          <Headline report={r} every={every} />
          <RankingSection report={r} />
          <OverdueSection report={r} />
          <TopDatasetsSection report={r} />
          {r.details.map((d, k) => <DetailsSection report={r} details={d} n={'五六七八'[k] ?? String(5 + k)} />)}
          <UnmetSearchSection report={r} n={'五六七八九'[r.details.length] ?? String(5 + r.details.length)} />
          {r.figures.map((f, k) => <FiguresSection report={r} figures={f} n={'五六七八九十'[r.details.length + 1 + k] ?? String(6 + r.details.length + k)} />)}
          {/* Further sections follow here, numbered after the ones above. */}
        </main>
      </body>
    </html>
  );
};
