import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { href, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import type { DemandDetail, DemandSummary } from '../../../src/demand/index.js';
import { demandMessages } from './messages.js';

/** Who is looking: drives the local navigation (cart size, unread messages). */
export type Viewer = { signedIn: boolean; role: string | null; departmentId: string | null; unread: number; cartCount: number };

/** What the shared layout wants to know of the session (it shows the console link by role). */
export const layoutUser = (v: Viewer) => (v.signedIn ? { role: v.role ?? 'user' } : null);

// The shared stylesheet belongs to the web feature; the board's few extra rules travel with its pages.
const css = `
.demand-nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1.25rem;list-style:none;padding:0;margin:1rem 0}
.demand-nav a[aria-current]{font-weight:700}
.demand-list{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.demand-card form{margin-top:.6rem}
.page-toc a[aria-current]{background:var(--blue-800);color:var(--white)}
.demand-card{background:var(--white);border:1px solid var(--line);border-radius:var(--radius);padding:.9rem 1.25rem}
.demand-card-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.demand-card-head h2,.demand-card-head h3{margin:0;font-size:1.05rem}
.demand-meta{display:flex;flex-wrap:wrap;gap:.2rem 1.25rem;margin:.4rem 0 0;font-size:.875rem}
.demand-meta div{display:flex;gap:.35rem}
.demand-meta dt{color:var(--muted)}
.demand-meta dd{margin:0}
.demand-steps{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0;margin:.6rem 0 0;font-size:.875rem}
.demand-steps li{padding:.05rem .65rem;border-radius:999px;background:var(--grey-bg);color:#3b4652}
.demand-steps li.done{background:var(--green-bg);color:var(--green-ink)}
.demand-steps li.current{background:var(--blue-800);color:var(--white);font-weight:600}
.badge-overdue{background:#fde8e6;color:#8f1d17}
.demand-turn{margin:.25rem 0;font-weight:600}
.demand-turn-mine{color:#8f1d17}
.demand-meta .demand-turn{margin:0;font-weight:400}
.demand-meta .demand-turn-mine{font-weight:700}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--blue-100)}
.timeline li{padding:.35rem 0 .6rem 1rem}
.timeline time{color:var(--muted);font-size:.875rem;margin-right:.5rem}
.demand-form label,.demand-form legend{display:block;font-weight:600;margin-top:.6rem}
.demand-form input[type=text],.demand-form input[type=date],.demand-form input[type=number],.demand-form textarea,.demand-form select{width:100%;max-width:40rem;font:inherit;padding:.4rem .5rem;border:1px solid #76828f;border-radius:var(--radius);background:var(--white);color:var(--ink)}
.demand-form fieldset{border:1px solid var(--line);border-radius:var(--radius);margin:.6rem 0}
.demand-form fieldset label{display:inline;font-weight:400;margin:0 1rem 0 .25rem}
.demand-actions{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr))}
.demand-actions form{background:var(--white);border:1px solid var(--line);border-radius:var(--radius);padding:.5rem 1rem 1rem}
.comment{background:var(--white);border:1px solid var(--line);border-radius:var(--radius);padding:.6rem 1rem;margin-bottom:.6rem;white-space:pre-wrap;overflow-wrap:anywhere}
.agreement{white-space:pre-wrap;background:var(--white);border:1px solid var(--line);padding:.6rem 1rem;border-radius:var(--radius)}
`;

export const DemandStyles: FC = () => <style>{raw(css)}</style>;

const badgeClass: Record<string, string> = {
  submitted: 'badge-latest', accepted: 'badge-latest', planned: 'badge-latest', needs_info: 'badge-conditional',
  delivered: 'badge-open', confirmed: 'badge-open', fulfilled: 'badge-open', fixed: 'badge-open', rejected: 'badge-withdrawn', cancelled: 'badge-withdrawn',
};

export const StatusBadge: FC<{ lang: Lang; status: string }> = ({ lang, status }) => (
  <span class={`badge ${badgeClass[status] ?? 'badge-latest'}`} data-status={status}>{demandMessages[lang].statuses[status] ?? status}</span>
);

export const OverdueBadge: FC<{ lang: Lang; reason: string | null }> = ({ lang, reason }) =>
  reason ? <span class="badge badge-overdue" data-overdue={reason}>{demandMessages[lang].overdue[reason]}</span> : null;

/** The generated demo history is shown as such wherever a demand is listed or shown (README: demo data). */
export const DemoBadge: FC<{ lang: Lang; demo: boolean }> = ({ lang, demo }) =>
  demo ? <span class="badge badge-withdrawn" data-demo="true" title={demandMessages[lang].demoTitle}>{demandMessages[lang].demo}</span> : null;

const happyPath: Record<string, string[]> = {
  order: ['submitted', 'accepted', 'delivered', 'confirmed'],
  new_data: ['submitted', 'planned', 'fulfilled'],
  correction: ['submitted', 'accepted', 'fixed'],
};

/** The shop-style progress line: steps passed, the current one, and an end off the path (rejected, cancelled). */
export const Progress: FC<{ lang: Lang; d: DemandSummary }> = ({ lang, d }) => {
  const m = demandMessages[lang];
  const path = happyPath[d.kind] ?? [];
  const shown = d.status === 'needs_info' ? 'submitted' : d.status;
  let at = path.indexOf(shown);
  if (d.kind === 'new_data' && d.status === 'fulfilled') at = path.length - 1;
  const steps = at < 0 ? [...path.slice(0, 1), d.status] : path;
  const current = at < 0 ? steps.length - 1 : at;
  return (
    <ol class="demand-steps" aria-label={m.status}>
      {steps.map((s, i) => (
        <li class={i < current ? 'done' : i === current ? 'current' : undefined} aria-current={i === current ? 'step' : undefined}>
          {m.statuses[i === current ? d.status : s] ?? s}
        </li>
      ))}
    </ol>
  );
};

export const Timeline: FC<{ lang: Lang; events: DemandDetail['timeline'] }> = ({ lang, events }) => {
  const m = demandMessages[lang];
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li>
          <time datetime={e.ts}>{formatDateTime(e.ts)}</time>
          <strong>{m.events[e.action] ?? e.action}</strong>
          {e.actor ? <span class="muted"> · {e.actor}</span> : null}
          {' → '}
          <StatusBadge lang={lang} status={e.to_status} />
          {e.note ? <div class="comment">{e.note}</div> : null}
        </li>
      ))}
    </ol>
  );
};

export const ErrorNotice: FC<{ lang: Lang; code?: string; detail?: string }> = ({ lang, code, detail }) => {
  if (!code) return null;
  const m = demandMessages[lang];
  return (
    <div class="notice" role="alert" id="form-error">
      <p><strong>{m.errorTitle}</strong>：{m.errors[code] ?? m.errors.invalid_body}</p>
      {detail ? <p lang="en" class="muted">{detail}</p> : null}
    </div>
  );
};

export type NavPlace = 'board' | 'orders' | 'cart' | 'inbox' | 'none';

/** The board's own navigation: the site header is shared, this row is ours. */
export const DemandNav: FC<{ lang: Lang; viewer: Viewer; place: NavPlace }> = ({ lang, viewer, place }) => {
  const m = demandMessages[lang];
  const link = (to: string, label: string, here: NavPlace) => <li><a href={href(lang, to)} aria-current={place === here ? 'page' : undefined}>{label}</a></li>;
  return (
    <nav class="demand-nav" aria-label={m.boardTitle}>
      <ul>
        {link('/demand', m.navBoard, 'board')}
        {viewer.signedIn ? link('/demand/orders', m.navOrders, 'orders') : null}
        {viewer.signedIn ? link('/demand/cart', `${m.navCart} (${viewer.cartCount})`, 'cart') : null}
        {viewer.signedIn ? link('/demand/inbox', `${m.navInbox}${viewer.unread ? ` · ${m.unread(viewer.unread)}` : ''}`, 'inbox') : null}
        {viewer.signedIn ? null : <li><a href={`${href(lang, '/signin')}?next=${encodeURIComponent(href(lang, '/demand'))}`}>{m.signIn}</a></li>}
      </ul>
    </nav>
  );
};

export const departmentName = (lang: Lang, d: { name_zh: string; name_en: string } | null) => (d ? (lang === 'en' ? d.name_en : d.name_zh) : '');
