import type { Child, FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import type { DemandSummary } from '../../../src/demand/index.js';
import { demandMessages } from './messages.js';
import { layoutUser, DemandNav, DemandStyles, DemoBadge, ErrorNotice, OverdueBadge, Progress, StatusBadge, departmentName, type Viewer } from './parts.js';

export type BoardData = {
  viewer: Viewer;
  rows: DemandSummary[];
  total: number;
  voted: Set<string>;
  kind?: string;
  status?: string;
  nextUrl: string | null;
  json: string;
  error?: string;
  detail?: string;
};

const VoteForm: FC<{ lang: Lang; d: DemandSummary; voted: boolean; back: string }> = ({ lang, d, voted, back }) => {
  const m = demandMessages[lang];
  return (
    <form method="post" action={href(lang, `/demand/${d.id}/vote`)}>
      <input type="hidden" name="back" value={back} />
      <input type="hidden" name="vote" value={voted ? 'remove' : 'add'} />
      <button type="submit" class="button-secondary" aria-label={voted ? m.unvoteLabel(d.title) : m.voteLabel(d.title)} aria-pressed={voted ? 'true' : 'false'}>
        {voted ? m.unvote : m.vote} · {d.votes}
      </button>
    </form>
  );
};

export const DemandCard: FC<{ lang: Lang; d: DemandSummary; children?: Child }> = ({ lang, d, children }) => {
  const m = demandMessages[lang];
  return (
    <li class="demand-card" data-demand={d.id}>
      <div class="demand-card-head">
        <span class="badge badge-withdrawn">{m.kinds[d.kind]}</span>
        <h2><a href={href(lang, `/demand/${d.id}`)}>{d.title}</a></h2>
        <StatusBadge lang={lang} status={d.status} />
        <OverdueBadge lang={lang} reason={d.overdue_reason} />
        <DemoBadge lang={lang} demo={d.demo} />
      </div>
      <dl class="demand-meta">
        {d.provider_department ? <div><dt>{m.provider}</dt><dd>{departmentName(lang, d.provider_department)}</dd></div> : null}
        {d.dataset ? <div><dt>{m.dataset}</dt><dd><a href={href(lang, `/datasets/${d.dataset.id}`)}>{lang === 'en' ? d.dataset.title_en : d.dataset.title_zh}</a></dd></div> : null}
        <div><dt>{m.created}</dt><dd><time datetime={d.created_at}>{formatDate(d.created_at)}</time></dd></div>
        {d.kind !== 'order' ? <div><dt>{m.votes}</dt><dd>{d.votes}</dd></div> : null}
      </dl>
      <Progress lang={lang} d={d} />
      {children}
    </li>
  );
};

const Filters: FC<{ lang: Lang; kind?: string; status?: string }> = ({ lang, kind, status }) => {
  const m = demandMessages[lang];
  return (
    <form method="get" action={href(lang, '/demand')} class="sort-form">
      <label for="f-kind">{m.kind}</label>
      <select id="f-kind" name="kind">
        <option value="">{m.all}</option>
        {['new_data', 'correction'].map((k) => <option value={k} selected={kind === k}>{m.kinds[k]}</option>)}
      </select>
      <label for="f-status">{m.status}</label>
      <select id="f-status" name="status">
        <option value="">{m.all}</option>
        {['submitted', 'planned', 'accepted', 'fulfilled', 'fixed', 'rejected'].map((s) => <option value={s} selected={status === s}>{m.statuses[s]}</option>)}
      </select>
      <button type="submit" class="button-secondary">{m.filter}</button>
    </form>
  );
};

/** The public board: new-data requests and corrections, with votes, statuses and overdue flags. */
export const BoardPage: FC<{ lang: Lang; url: string; data: BoardData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  return (
    <Layout meta={{ lang, url, title: m.boardTitle, section: 'demand', user: layoutUser(data.viewer), json: data.json }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: lang === 'en' ? 'Home' : '首页', to: href(lang, '/') }, { label: m.boardTitle }]} />
        <PageHead lang={lang} title={m.boardTitle} json={data.json}>
          <p class="subtitle">{m.boardIntro}</p>
        </PageHead>
        <DemandNav lang={lang} viewer={data.viewer} place="board" />
        <ErrorNotice lang={lang} code={data.error} detail={data.detail} />
        {data.viewer.signedIn ? (
          <p>
            <a href={href(lang, '/demand/new')}>{m.newRequest}</a> · <a href={href(lang, '/demand/new?kind=correction')}>{m.newCorrection}</a>
          </p>
        ) : null}
        <Filters lang={lang} kind={data.kind} status={data.status} />
        <p class="results-count">{m.count(data.total)}</p>
        {data.rows.length ? (
          <ul class="demand-list">
            {data.rows.map((d) => (
              <DemandCard lang={lang} d={d}>
                {data.viewer.signedIn ? <VoteForm lang={lang} d={d} voted={data.voted.has(d.id)} back={url} /> : null}
              </DemandCard>
            ))}
          </ul>
        ) : <p class="empty">{m.noDemands}</p>}
        {data.nextUrl ? <nav class="pager" aria-label={m.next}><a href={data.nextUrl} rel="next">{m.next}</a></nav> : null}
      </div>
    </Layout>
  );
};
