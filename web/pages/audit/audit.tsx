import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import type { AuditPage } from '../../../src/audit/index.js';
import { auditMessages } from './messages.js';

export type AuditFilterValues = { actor?: string; action?: string; target?: string; from?: string; to?: string };
export type AuditPageData = { page: AuditPage; scope: string; filters: AuditFilterValues; user: { role: string; departmentId?: string | null; email?: string | null } };

const query = (filters: AuditFilterValues, extra: Record<string, string> = {}) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

const Filters: FC<{ lang: Lang; f: AuditFilterValues }> = ({ lang, f }) => {
  const s = auditMessages[lang];
  const field = (name: keyof AuditFilterValues, label: string, type = 'text') => (
    <div class="audit-filter"><label for={`audit-${name}`}>{label}</label><input id={`audit-${name}`} name={name} type={type} value={f[name] ?? ''} maxlength={200} /></div>
  );
  return (
    <form method="get" action={href(lang, '/admin/audit')} class="audit-filters" aria-label={s.filters}>
      {field('actor', s.actor)}{field('action', s.action)}{field('target', s.target)}{field('from', s.from, 'date')}{field('to', s.to, 'date')}
      <button type="submit">{s.apply}</button> <a href={href(lang, '/admin/audit')}>{s.reset}</a>
    </form>
  );
};

/** /admin/audit: the trail the reader may see, filtered with a plain GET form (no script), a CSV link and its JSON twin. */
export const AuditTrailPage: FC<{ lang: Lang; url: string; data: AuditPageData }> = ({ lang, url, data }) => {
  const s = auditMessages[lang];
  const m = messages[lang];
  const { page, filters } = data;
  return (
    <Layout meta={{ lang, url, title: s.title, section: 'none', user: data.user as never }}>
      <div class="container audit-page">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: s.title }]} />
        <PageHead lang={lang} title={s.title} json={`/api/v1/admin/audit${query(filters)}`}><p class="lead">{s.lead}</p><p>{s.scope[data.scope]}</p></PageHead>
        <Filters lang={lang} f={filters} />
        <p><a href={`/api/v1/admin/audit.csv${query(filters)}`} download>{s.csv}</a></p>
        {page.rows.length ? (
          <div class="table-scroll" role="region" aria-label={s.title} tabindex={0}>
            <table class="data-table audit-table">
              <caption>{s.caption(page.total)}</caption>
              <thead><tr><th scope="col">{s.ts}</th><th scope="col">{s.actor}</th><th scope="col">{s.role}</th><th scope="col">{s.department}</th><th scope="col">{s.action}</th><th scope="col">{s.target}</th><th scope="col">{s.summary}</th><th scope="col">{s.request}</th></tr></thead>
              <tbody>
                {page.rows.map((r) => (
                  <tr>
                    <th scope="row"><time datetime={r.ts}>{formatDateTime(r.ts)}</time></th>
                    <td>{r.actor ?? s.anonymous}</td><td>{r.actorRole ?? ''}</td><td>{r.actorDepartmentId ?? ''}</td>
                    <td><code>{r.action}</code></td><td>{r.target ?? ''}</td><td>{r.summary ?? ''}</td><td><code>{r.requestId ?? ''}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <p class="empty">{s.none}</p>}
        {page.nextCursor ? <p><a rel="next" href={`${href(lang, '/admin/audit')}${query(filters, { cursor: page.nextCursor })}`}>{s.next}</a></p> : null}
      </div>
    </Layout>
  );
};
