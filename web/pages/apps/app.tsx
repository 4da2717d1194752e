import type { FC } from 'hono/jsx';
import type { AppDetail } from '../../../src/apps/index.js';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatDate, formatDateTime } from '../../format.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../../components/layout.js';
import { DataTable } from '../../components/data-table.js';
import { appsMessages } from './messages.js';
import { AppDemoBadge, AppError, AppStatusBadge, DatasetLinks, KindBadge, type AppCardData } from './parts.js';

export type AppPageData = { app: AppDetail; card: AppCardData; flash?: string; error?: string; detail?: string };

/** Claimed vs observed (issue 17): which named datasets the submitter's keys really called. */
const Evidence: FC<{ lang: Lang; app: AppDetail; card: AppCardData }> = ({ lang, app, card }) => {
  const m = appsMessages[lang];
  const ev = app.evidence;
  if (!ev) return null;
  const titles = new Map(card.datasets.map((d) => [d.id, d.title]));
  const observed = new Set(ev.observed);
  const ids = [...new Set([...ev.claimed, ...ev.observed])];
  return (
    <section class="app-evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{m.evidence}</h2>
      <p class="muted">{m.evidenceIntro}</p>
      {ev.has_keys ? null : <p class="notice">{m.evidenceNoKeys}</p>}
      <div class="table-scroll" role="region" aria-label={m.evidenceTable} tabindex={0}>
      <DataTable
        caption={m.evidenceTable}
        captionHidden
        rows={ids}
        columns={[
          { header: m.evidenceDataset, rowHeader: true, cell: (id) => <a href={href(lang, `/datasets/${id}`)}>{titles.get(id) ?? id}</a> },
          { header: m.evidenceClaimed, cell: (id) => (ev.claimed.includes(id) ? m.yes : m.no) },
          { header: m.evidenceObserved, cell: (id) => <span data-observed={observed.has(id) ? 'true' : 'false'}>{observed.has(id) ? m.yes : m.evidenceNone}</span> },
        ]}
      />
      </div>
    </section>
  );
};

/** Approve, or reject with a reason: for admins and the departments whose data the app names. */
export const ModerationForm: FC<{ lang: Lang; appId: string; name: string; back?: string }> = ({ lang, appId, name, back }) => {
  const m = appsMessages[lang];
  const id = (s: string) => `${s}-${appId}`;
  return (
    <form method="post" action={href(lang, `/apps/${appId}/moderate`)} class="app-form app-moderate" aria-label={`${m.moderate}: ${name}`}>
      {back ? <input type="hidden" name="back" value={back} /> : null}
      <label for={id('reason')}>{m.reason}</label>
      <textarea id={id('reason')} name="reason" rows={2} maxlength={2000} />
      <p class="app-form-actions">
        <button type="submit" name="decision" value="approve" class="button-secondary">{m.approve}</button>
        <button type="submit" name="decision" value="reject" class="button-secondary">{m.reject}</button>
      </p>
    </form>
  );
};

/** `/apps/{id}`: what an app is, what data it uses, and (to its submitter and reviewers) its review. */
export const AppPage: FC<{ lang: Lang; url: string; user?: Viewer; data: AppPageData }> = ({ lang, url, user, data }) => {
  const m = appsMessages[lang];
  const { app, card } = data;
  const name = card.name;
  const description = pick(lang, app.description_zh, app.description_en);
  const json = `/api/v1/apps/${app.id}`;
  return (
    <Layout meta={{ lang, url, user, title: name, section: 'apps', json, description: description.slice(0, 200) }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: messages[lang].navHome, to: href(lang, '/') }, { label: m.title, to: href(lang, '/apps') }, { label: name }]} />
        <PageHead lang={lang} title={name} json={json}>
          <p class="subtitle">
            <KindBadge lang={lang} kind={app.kind} /> <AppDemoBadge lang={lang} demo={app.is_demo} />{' '}
            {app.status !== 'approved' ? <AppStatusBadge lang={lang} status={app.status} /> : null}
          </p>
        </PageHead>
        {data.flash ? <div class="app-flash" role="status"><p>{data.flash}</p></div> : null}
        <AppError lang={lang} code={data.error} detail={data.detail} />
        {app.status === 'pending' ? <p class="notice">{m.pendingNote}</p> : null}
        <p class="lead app-description">{description}</p>
        <dl class="app-facts">
          {app.url ? <div><dt>{m.url}</dt><dd><a href={app.url} rel="noopener noreferrer external" class="app-url">{app.url}<span class="visually-hidden">{m.urlOpens}</span></a></dd></div> : null}
          <div><dt>{m.datasetsUsed}</dt><dd><DatasetLinks lang={lang} datasets={card.datasets} /></dd></div>
          {card.departments.length ? <div><dt>{m.departments}</dt><dd>{card.departments.map((d) => d.name).join(lang === 'en' ? ', ' : '、')}</dd></div> : null}
          {app.submitter_name ? <div><dt>{m.submitter}</dt><dd>{app.submitter_name}</dd></div> : null}
          <div><dt>{m.submitted}</dt><dd><time datetime={app.created_at}>{formatDate(app.created_at)}</time></dd></div>
          {app.evidence || app.can_moderate ? <div><dt>{m.contact}</dt><dd>{app.contact}</dd></div> : null}
          {app.evidence || app.can_moderate ? (
            <div><dt>{m.status}</dt><dd><AppStatusBadge lang={lang} status={app.status} />{app.decided_at ? <> <time datetime={app.decided_at}>{formatDateTime(app.decided_at)}</time></> : null}</dd></div>
          ) : null}
          {app.status === 'rejected' && app.reject_reason ? <div><dt>{m.rejectReason}</dt><dd class="app-reason">{app.reject_reason}</dd></div> : null}
        </dl>
        {app.screenshots.length ? (
          <section aria-labelledby="shots-title">
            <h2 id="shots-title">{m.screenshots}</h2>
            <ul class="app-shots">
              {app.screenshots.map((s, i) => (
                <li><a href={s.url}><img src={s.url} alt={m.screenshotAlt(name, i + 1)} width={s.width} height={s.height} loading="lazy" /></a></li>
              ))}
            </ul>
          </section>
        ) : null}
        <Evidence lang={lang} app={app} card={card} />
        {app.can_moderate ? (
          <section aria-labelledby="moderate-title">
            <h2 id="moderate-title">{m.moderate}</h2>
            <ModerationForm lang={lang} appId={app.id} name={name} />
          </section>
        ) : null}
      </div>
    </Layout>
  );
};
