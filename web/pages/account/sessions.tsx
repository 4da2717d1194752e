import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import { ScrollRegion } from '../stats/chart.js';
import { Layout } from '../../components/layout.js';
import type { ListedSession } from '../../../src/auth/index.js';
import { directoryMessages } from '../directory/messages.js';

export type SessionsPageData = { user: { email: string; role: string; departmentId: string | null }; sessions: ListedSession[]; done?: string | null };

/** /account/sessions: where I am signed in, and a button to end any of those sessions. */
export const MySessionsPage: FC<{ lang: Lang; url: string; data: SessionsPageData }> = ({ lang, url, data }) => {
  const s = directoryMessages[lang];
  return (
    <Layout meta={{ lang, url, title: s.sessionsTitle, section: 'none', user: data.user }}>
      <div class="container">
        <h1>{s.sessionsTitle}</h1>
        {data.done && s.done[data.done] ? <div class="flash" role="status"><p>{s.done[data.done]}</p></div> : null}
        {data.sessions.length === 0 ? <p>{s.noSessions}</p> : (
          <ScrollRegion label={s.sessionsTitle}>
          <table class="my-sessions">
            <thead><tr><th scope="col">{s.browser}</th><th scope="col">{s.created}</th><th scope="col">{s.lastSeen}</th><th scope="col">{s.place}</th><th scope="col">{s.actions}</th></tr></thead>
            <tbody>
              {data.sessions.map((x) => (
                <tr>
                  <th scope="row">{x.browser}{x.current ? <strong>{` (${s.current})`}</strong> : null}</th>
                  <td>{x.created_at ? formatDateTime(x.created_at) : '—'}</td>
                  <td>{x.last_seen_at ? formatDateTime(x.last_seen_at) : '—'}</td>
                  <td>{x.place ? `${x.this_network ? s.thisNetwork : s.otherNetwork} · ${x.place}` : '—'}</td>
                  <td>
                    <form method="post" action={href(lang, `/account/sessions/${x.id}/end`)}>
                      <button type="submit" aria-label={`${s.end}: ${x.browser}${x.current ? ` (${s.current})` : ''}`}>{s.end}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollRegion>
        )}
        <p class="hint">{s.placeNote}</p>
      </div>
    </Layout>
  );
};
