import type { Child, FC } from 'hono/jsx';
import { href, messages, type Lang } from '../../i18n.js';
import { assetHref } from '../../static.js';
import { Breadcrumbs, Layout, type Crumb } from '../../components/layout.js';
import { consoleMessages } from './messages.js';
import { consoleScriptHref } from './script.js';

export type ConsoleUser = { role: string; departmentId: string | null; email: string };

type Props = { lang: Lang; url: string; title: string; user: ConsoleUser | null; crumbs?: Crumb[]; script?: boolean; children: Child };

/** The portal layout with the console's stylesheet, breadcrumbs from the console home, and optionally its script. */
export const ConsoleShell: FC<Props> = ({ lang, url, title, user, crumbs = [], script, children }) => {
  const c = consoleMessages[lang];
  const home: Crumb[] = [{ label: messages[lang].navHome, to: href(lang, '/') }, { label: c.consoleTitle, to: href(lang, '/console') }];
  const trail = crumbs.length ? [...home, ...crumbs] : [home[0]!, { label: c.consoleTitle }];
  return (
    <Layout meta={{ lang, url, title, section: 'console', user }}>
      <link rel="stylesheet" href={assetHref('console.css')} />
      <div class="container console">
        <Breadcrumbs lang={lang} items={trail} />
        {children}
      </div>
      {script ? <script src={consoleScriptHref} defer></script> : null}
    </Layout>
  );
};

/** A status line after a redirect (`?published=3`), announced to screen readers. */
export const Flash: FC<{ text?: string | null; children?: Child }> = ({ text, children }) =>
  text ? (
    <div class="flash" role="status">
      <p>{text}</p>
      {children}
    </div>
  ) : null;
