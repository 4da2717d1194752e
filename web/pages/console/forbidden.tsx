import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';
import { canUseConsole } from '../../../src/auth/index.js';
import { consoleMessages } from './messages.js';

type Props = { lang: Lang; url: string; user: { role: string; departmentId: string | null } | null; detail?: string; requestId?: string };

/** 403 in the console: a signed-in account that may not manage this department's data. */
export const ConsoleForbiddenPage: FC<Props> = ({ lang, url, user, detail, requestId }) => {
  const c = consoleMessages[lang];
  const m = messages[lang];
  return (
    <Layout meta={{ lang, url, title: c.forbiddenTitle, section: 'console', user }}>
      <div class="container error-page">
        <p class="error-status">403</p>
        <h1>{c.forbiddenTitle}</h1>
        <p class="lead">{c.forbiddenText}</p>
        {detail ? <p lang="en">{detail}</p> : null}
        <p>
          {canUseConsole(user) ? <><a href={href(lang, '/console')}>{c.back}</a> · </> : null}
          <a href={href(lang, '/')}>{m.backHome}</a>
        </p>
        {requestId ? <p class="muted">{m.requestId}{m.colon}<code>{requestId}</code></p> : null}
      </div>
    </Layout>
  );
};
