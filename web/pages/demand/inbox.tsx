import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import { Breadcrumbs, Layout, PageHead } from '../../components/layout.js';
import type { NotificationRow } from '../../../src/demand/index.js';
import { demandMessages } from './messages.js';
import { layoutUser, DemandNav, DemandStyles, type Viewer } from './parts.js';

export type InboxData = { viewer: Viewer; rows: NotificationRow[]; total: number };

/** Messages about my orders and requests, newest first; unread ones in bold until marked read. */
export const InboxPage: FC<{ lang: Lang; url: string; data: InboxData }> = ({ lang, url, data }) => {
  const m = demandMessages[lang];
  const json = '/api/v1/me/notifications';
  return (
    <Layout meta={{ lang, url, title: `${m.inboxTitle} (${m.unread(data.viewer.unread)})`, section: 'demand', user: layoutUser(data.viewer), json }}>
      <DemandStyles />
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.boardTitle, to: href(lang, '/demand') }, { label: m.inboxTitle }]} />
        <PageHead lang={lang} title={m.inboxTitle} json={json}>
          <p class="subtitle" id="unread-count">{m.unread(data.viewer.unread)}</p>
        </PageHead>
        <DemandNav lang={lang} viewer={data.viewer} place="inbox" />
        {data.viewer.unread ? (
          <form method="post" action={href(lang, '/demand/inbox/read')}>
            <p><button type="submit" class="button-secondary">{m.markAllRead}</button></p>
          </form>
        ) : null}
        {data.rows.length ? (
          <ul class="demand-list">
            {data.rows.map((n) => (
              <li class="demand-card" data-unread={n.read_at ? undefined : 'true'}>
                <time class="muted" datetime={n.created_at}>{formatDateTime(n.created_at)}</time>{' '}
                {n.read_at ? <span lang="zh-CN">{n.message}</span> : <strong lang="zh-CN">{n.message}</strong>}
                {n.demand_id ? <> · <a href={href(lang, `/demand/${n.demand_id}`)}>{n.demand_title ?? n.demand_id}</a></> : null}
              </li>
            ))}
          </ul>
        ) : <p class="empty">{m.noNotifications}</p>}
      </div>
    </Layout>
  );
};
