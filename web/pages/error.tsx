import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../i18n.js';
import { Layout, type Viewer } from '../components/layout.js';
import { SearchBox } from '../components/bits.js';

type Props = { lang: Lang; url: string; user?: Viewer; status: number; detail?: string; requestId?: string };

/** HTML counterpart of the problem+json errors: same status, a way back, and the request id for support. */
export const ErrorPage: FC<Props> = ({ lang, url, user, status, detail, requestId }) => {
  const m = messages[lang];
  const title = status === 404 ? m.notFoundTitle : status >= 500 ? m.serverErrorTitle : m.errorTitle;
  const text = status === 404 ? m.notFoundText : status >= 500 ? m.serverErrorText : detail;
  return (
    <Layout meta={{ lang, url, user, title, section: 'none' }}>
      <div class="container error-page">
        <p class="error-status">{status}</p>
        <h1>{title}</h1>
        {text ? <p class="lead">{text}</p> : null}
        <SearchBox lang={lang} />
        <p>
          <a href={href(lang, '/')}>{m.backHome}</a> · <a href={href(lang, '/datasets')}>{m.navCatalog}</a>
        </p>
        {requestId ? (
          <p class="muted">
            {m.requestId}
            {m.colon}
            <code>{requestId}</code>
          </p>
        ) : null}
      </div>
    </Layout>
  );
};
