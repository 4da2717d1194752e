import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import type { WarningView } from '../../../src/monitoring/index.js';
import { warningMessages } from './messages.js';

export type WarningsPageData = { warnings: WarningView[]; user: { role: string; departmentId?: string | null; email?: string | null }; flash?: string | null; error?: string | null };

type Field = { field: string; finding: string; count: number; examples: string[] };

/** The evidence, in words: what was found and where. */
const Finding: FC<{ lang: Lang; w: WarningView }> = ({ lang, w }) => {
  const s = warningMessages[lang];
  const f = w.finding as Record<string, any>;
  if (w.kind === 'punctuality') return <p>{s.punctuality(messages[lang].frequency[f.update_frequency] ?? String(f.update_frequency), f.latest_published_at ?? null, f.days_old ?? null)}</p>;
  if (w.kind === 'quality') {
    return (
      <>
        <p>{s.quality(Number(f.version))}</p>
        <ul>
          {(f.fields as Field[]).map((x) => (
            <li><code>{x.field}</code>{`: ${s.fieldFinding[x.finding] ?? x.finding}, ${s.rows(x.count)}`}{x.examples.length ? ` (${s.examples} ${x.examples.join(lang === 'en' ? ', ' : '、')})` : ''}</li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <>
      <p>{s.integrity}</p>
      <ul>{(f.problems as string[]).map((p) => <li>{p}</li>)}</ul>
    </>
  );
};

const Events: FC<{ lang: Lang; w: WarningView }> = ({ lang, w }) => {
  const s = warningMessages[lang];
  return (
    <details>
      <summary>{s.history}</summary>
      <ol class="warning-events">
        {w.events.filter((e) => e.type !== 'rechecked_still_present' || e === w.events.findLast((x) => x.type === e.type)).map((e) => (
          <li><time datetime={e.ts}>{formatDateTime(e.ts)}</time>{` ${s.events[e.type] ?? e.type}`}{e.actor ? ` · ${e.actor}` : ''}{e.note && e.type !== 'notified' ? `：${e.note}` : ''}</li>
        ))}
      </ol>
    </details>
  );
};

/** One warning as a card: heading, status, dates, evidence, history, and the form the viewer may use. */
const WarningCard: FC<{ lang: Lang; w: WarningView; form?: 'explain' | 'review' }> = ({ lang, w, form }) => {
  const s = warningMessages[lang];
  const id = `warning-${w.id}`;
  const base = form === 'review' ? '/reviewer/warnings' : '/console/warnings';
  return (
    <article class="warning-card" aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`}>
        <a href={href(lang, `/datasets/${w.dataset.id}`)}>{pick(lang, w.dataset.title_zh, w.dataset.title_en)}</a>
        {` · ${s.kind[w.kind] ?? w.kind}`}
      </h3>
      <dl class="warning-facts">
        <div><dt>{s.state}</dt><dd>{s.status[w.status] ?? w.status}{w.overdue && w.status !== 'closed' ? <strong class="badge badge-overdue">{` ${s.overdue}`}</strong> : null}</dd></div>
        <div><dt>{s.department}</dt><dd>{w.department_id}</dd></div>
        <div><dt>{s.openedAt}</dt><dd><time datetime={w.opened_at}>{formatDateTime(w.opened_at)}</time></dd></div>
        <div><dt>{s.dueAt}</dt><dd><time datetime={w.due_at}>{formatDateTime(w.due_at)}</time></dd></div>
        {w.closed_at ? <div><dt>{s.closedAt}</dt><dd><time datetime={w.closed_at}>{formatDateTime(w.closed_at)}</time></dd></div> : null}
      </dl>
      <h4>{s.finding}</h4>
      <Finding lang={lang} w={w} />
      {w.explanation ? <><h4>{s.explanation}</h4><p class="warning-explanation">{w.explanation}</p></> : null}
      {form === 'explain' && w.status !== 'closed' ? (
        <form method="post" action={href(lang, `${base}/${w.id}/explanation`)} class="warning-form">
          <label for={`${id}-explanation`}>{s.explanation}</label>
          <p class="hint" id={`${id}-hint`}>{s.explainHint}</p>
          <textarea id={`${id}-explanation`} name="explanation" rows={3} maxlength={2000} required aria-describedby={`${id}-hint`}>{w.explanation ?? ''}</textarea>
          <button type="submit">{s.explain}</button>
        </form>
      ) : null}
      {form === 'review' && w.awaiting_review ? (
        <form method="post" action={href(lang, `${base}/${w.id}/review`)} class="warning-form">
          <label for={`${id}-note`}>{s.decisionNote}</label>
          <textarea id={`${id}-note`} name="note" rows={2} maxlength={2000}></textarea>
          <button type="submit" name="decision" value="accept">{s.accept}</button>
          <button type="submit" name="decision" value="reject" class="button-secondary">{s.reject}</button>
        </form>
      ) : null}
      <Events lang={lang} w={w} />
    </article>
  );
};

const Section: FC<{ lang: Lang; id: string; title: string; rows: WarningView[]; form?: 'explain' | 'review' }> = ({ lang, id, title, rows, form }) => (
  <section aria-labelledby={id}>
    <h2 id={id}>{`${title}（${rows.length}）`}</h2>
    {rows.length ? rows.map((w) => <WarningCard lang={lang} w={w} form={form} />) : <p class="empty">{warningMessages[lang].none}</p>}
  </section>
);

const Notices: FC<{ lang: Lang; data: WarningsPageData }> = ({ lang, data }) => {
  const s = warningMessages[lang];
  return (
    <>
      {data.flash && s.flash[data.flash] ? <div class="flash" role="status"><p>{s.flash[data.flash]}</p></div> : null}
      {data.error ? <div class="flash flash-error" role="alert"><p>{s.errors[data.error] ?? data.error}</p></div> : null}
    </>
  );
};

/** /console/warnings: the department's open warnings (evidence, due date, explanation form), closed ones below. */
export const ConsoleWarningsPage: FC<{ lang: Lang; url: string; data: WarningsPageData }> = ({ lang, url, data }) => {
  const s = warningMessages[lang];
  const m = messages[lang];
  const open = data.warnings.filter((w) => w.status !== 'closed');
  return (
    <Layout meta={{ lang, url, title: s.consoleTitle, section: 'console', user: data.user as never }}>
      <div class="container console warnings-page">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.console, to: href(lang, '/console') }, { label: s.consoleTitle }]} />
        <PageHead lang={lang} title={s.consoleTitle}><p class="lead">{s.consoleLead}</p></PageHead>
        <Notices lang={lang} data={data} />
        <Section lang={lang} id="open-warnings" title={s.open} rows={open} form="explain" />
        <Section lang={lang} id="closed-warnings" title={s.closed} rows={data.warnings.filter((w) => w.status === 'closed').slice(0, 50)} />
      </div>
    </Layout>
  );
};

/** /reviewer/warnings: explanations awaiting review (accept/reject), escalated warnings. */
export const ReviewerWarningsPage: FC<{ lang: Lang; url: string; data: WarningsPageData }> = ({ lang, url, data }) => {
  const s = warningMessages[lang];
  const m = messages[lang];
  const toReview = data.warnings.filter((w) => w.awaiting_review);
  const escalated = data.warnings.filter((w) => w.status === 'escalated' && !w.awaiting_review);
  return (
    <Layout meta={{ lang, url, title: s.reviewerTitle, section: 'reviewer', user: data.user as never }}>
      <div class="container warnings-page">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.reviewer, to: href(lang, '/reviewer') }, { label: s.reviewerTitle }]} />
        <PageHead lang={lang} title={s.reviewerTitle}><p class="lead">{s.reviewerLead}</p></PageHead>
        <Notices lang={lang} data={data} />
        <Section lang={lang} id="to-review" title={s.toReview} rows={toReview} form="review" />
        <Section lang={lang} id="escalated" title={s.escalated} rows={escalated} />
      </div>
    </Layout>
  );
};
