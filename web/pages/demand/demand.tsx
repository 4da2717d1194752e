import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { formatDate, formatDateTime, humanBytes } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import { DataTable } from '../../components/data-table.js';
import type { DemandDetail } from '../../../src/demand/index.js';
import { demandMessages } from './messages.js';
import { layoutUser, DemandNav, DemandStyles, DemoBadge, ErrorNotice, OverdueBadge, Progress, StatusBadge, Timeline, departmentName, type Viewer } from './parts.js';
import { ActionForms, type Department } from './actions.js';
import { TurnHeading } from './turn.js';

export type DemandPageData = { viewer: Viewer; d: DemandDetail; departments: Department[]; isAdmin: boolean; error?: string; detail?: string };

type Fact = [label: string, value: unknown];

function facts(lang: Lang, d: DemandDetail): Fact[] {
  const m = demandMessages[lang];
  const time = (iso: string | null) => (iso ? <time datetime={iso}>{formatDateTime(iso)}</time> : null);
  const requester = [d.requester.name, departmentName(lang, d.requester.department)].filter(Boolean).join(' · ');
  const list: Fact[] = [
    [m.kind, m.kinds[d.kind]],
    [d.kind === 'order' ? m.orderNo : m.number, <code>{d.id}</code>],
    [m.requester, requester],
    [m.provider, departmentName(lang, d.provider_department) || '—'],
    [m.dataset, d.dataset ? <a href={href(lang, `/datasets/${d.dataset.id}`)}>{lang === 'en' ? d.dataset.title_en : d.dataset.title_zh}</a> : null],
    [m.row, d.row],
    [m.field, d.field],
    [m.wantedFields, d.wanted_fields],
    [m.description, d.description ? <div class="comment">{d.description}</div> : null],
    [m.purpose, d.purpose || null],
    [m.legalBasis, d.legal_basis],
    [m.deliveryMode, d.delivery_mode ? m.modes[d.delivery_mode] : null],
    [m.created, time(d.created_at)],
    [m.firstResponseDue, time(d.first_response_due_at)],
    [m.firstResponseAt, time(d.first_response_at)],
    [m.dueAt, time(d.due_at)],
    [m.plannedFor, d.planned_for],
    [m.linkedDataset, d.linked_dataset ? <a href={href(lang, `/datasets/${d.linked_dataset.id}`)}>{d.linked_dataset.title_zh}</a> : null],
    [m.linkedVersion, d.linked_version && d.linked_dataset ? <a href={href(lang, `/datasets/${d.linked_dataset.id}/versions/${d.linked_version}`)}>{d.linked_version}</a> : null],
    [m.rating, d.rating ? `${m.stars(d.rating)}${d.rating_comment ? ` · ${d.rating_comment}` : ''}` : null],
  ];
  return list.filter(([, v]) => v !== null && v !== undefined && v !== '');
}

const Items: FC<{ lang: Lang; d: DemandDetail }> = ({ lang, d }) => {
  const m = demandMessages[lang];
  if (!d.items.length) return null;
  return (
    <section>
      <h2 id="items">{m.items}</h2>
      {/* The named region is the table's scroll box (one landmark per name: the section is not one too). */}
      <div class="table-scroll" role="region" aria-labelledby="items" tabindex={0}>
        <DataTable
          rows={d.items}
          columns={[
            {
              header: m.dataset,
              rowHeader: true,
              cell: (i) => (
                <>
                  <a href={href(lang, `/datasets/${i.dataset.id}`)}>{lang === 'en' ? i.dataset.title_en : i.dataset.title_zh}</a>
                  {i.dataset.open_type === 'conditional' ? <> <span class="badge badge-conditional">{m.conditionalBadge}</span></> : null}
                </>
              ),
            },
            { header: m.fields, cell: (i) => (i.fields ? i.fields.join(', ') : m.allFields) },
            { header: m.rowFilter, cell: (i) => (i.filter ? <code>{i.filter}</code> : m.noFilter) },
          ]}
        />
      </div>
    </section>
  );
};

const Deliveries: FC<{ lang: Lang; d: DemandDetail }> = ({ lang, d }) => {
  const m = demandMessages[lang];
  if (!d.deliveries.length) return null;
  return (
    <section aria-labelledby="deliveries">
      <h2 id="deliveries">{m.deliveries}</h2>
      <ul class="downloads">
        {d.deliveries.map((v) => {
          const title = `${lang === 'en' ? v.dataset.title_en : v.dataset.title_zh} v${v.version}`;
          if (v.kind === 'grant') return <li><span class="badge badge-open">{title} · {m.grantUntil(formatDate(v.expires_at))}</span> <span class="muted">{m.grantHelp}</span></li>;
          const label = `${title} · ${(v.format ?? '').toUpperCase()}`;
          return v.download_url
            ? <li><a class="download" href={v.download_url} download>{m.download} {label} <span class="download-size">{humanBytes(v.bytes ?? 0)}</span></a></li>
            : <li><span class="badge badge-latest">{label}</span></li>;
        })}
      </ul>
    </section>
  );
};

const Comments: FC<{ lang: Lang; d: DemandDetail; signedIn: boolean }> = ({ lang, d, signedIn }) => {
  const m = demandMessages[lang];
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">{m.comments} ({d.comments.length})</h2>
      {d.comments.length ? d.comments.map((c) => (
        <article class="comment" id={`comment-${c.id}`}>
          <strong>{c.author}</strong> <time class="muted" datetime={c.created_at}>{formatDateTime(c.created_at)}</time>
          {'\n'}{c.body}
        </article>
      )) : <p class="muted">{m.noComments}</p>}
      {signedIn ? (
        <form method="post" action={href(lang, `/demand/${d.id}/comments`)} class="demand-form">
          <label for="comment-body">{m.commentLabel}</label>
          <textarea id="comment-body" name="body" rows={4} maxlength={5000} required />
          <p><button type="submit" class="button-secondary">{m.commentSubmit}</button></p>
        </form>
      ) : null}
    </section>
  );
};

/** One demand: its facts, what was ordered and delivered, the steps the viewer can take, its timeline and comments. */
export const DemandPage: FC<{ lang: Lang; url: string; data: DemandPageData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  const { d } = data;
  const json = `/api/v1/demands/${d.id}`;
  const parent = d.kind === 'order' ? { label: m.ordersTitle, to: href(lang, '/demand/orders') } : { label: m.boardTitle, to: href(lang, '/demand') };
  return (
    <Layout meta={{ lang, url, title: d.title, section: 'demand', user: layoutUser(data.viewer), json }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[parent, { label: d.title }]} />
        <PageHead lang={lang} title={d.title} json={json}>
          <TurnHeading lang={lang} status={d.status} allowedActions={d.allowed_actions} />
          <p><StatusBadge lang={lang} status={d.status} /> <OverdueBadge lang={lang} reason={d.overdue_reason} /> <DemoBadge lang={lang} demo={d.demo} /></p>
        </PageHead>
        <DemandNav lang={lang} viewer={data.viewer} place="none" />
        <ErrorNotice lang={lang} code={data.error} detail={data.detail} />
        <Progress lang={lang} d={d} />
        <table class="meta-table">
          <tbody>
            {facts(lang, d).map(([label, value]) => <tr><th scope="row">{label}</th><td>{value as never}</td></tr>)}
          </tbody>
        </table>
        {d.kind !== 'order' && data.viewer.signedIn ? (
          <form method="post" action={href(lang, `/demand/${d.id}/vote`)}>
            <input type="hidden" name="back" value={url} />
            <input type="hidden" name="vote" value={d.voted ? 'remove' : 'add'} />
            <p><button type="submit" class="button-secondary" aria-pressed={d.voted ? 'true' : 'false'}>{d.voted ? m.unvote : m.vote} · {m.voteCount(d.votes)}</button></p>
          </form>
        ) : d.kind !== 'order' ? <p>{m.voteCount(d.votes)}</p> : null}
        <Items lang={lang} d={d} />
        {d.agreement ? <section aria-labelledby="agreement"><h2 id="agreement">{m.agreement}</h2><div class="agreement" lang="zh-CN">{d.agreement}</div></section> : null}
        <Deliveries lang={lang} d={d} />
        <ActionForms lang={lang} d={d} departments={data.departments} isAdmin={data.isAdmin} />
        <section aria-labelledby="timeline"><h2 id="timeline">{m.timeline}</h2><Timeline lang={lang} events={d.timeline} /></section>
        <Comments lang={lang} d={d} signedIn={data.viewer.signedIn} />
      </div>
    </Layout>
  );
};
