import type { Child, FC } from 'hono/jsx';
import { href, htmlLang, messages, switchHref, type Lang } from '../i18n.js';
import { assetHref } from '../static.js';
import { canPublish, canReview } from '../../src/auth/index.js';
import { AccountMenu, useViewer } from './account-menu.js';
import { a11yHtmlClass, useA11yPrefs } from '../a11y-prefs.js';
import { a11yText } from '../a11y-messages.js';
import { A11yToolbar, SiteSearch, SkipLinks } from './a11y-toolbar.js';

export type Section = 'home' | 'catalog' | 'departments' | 'demand' | 'apps' | 'console' | 'stats' | 'reviewer' | 'none';

export type PageMeta = {
  lang: Lang;
  /** Path and query of this page as requested (with the `/en` prefix when English). */
  url: string;
  title: string;
  section: Section;
  /** The JSON twin of the data on this page. */
  json?: string;
  description?: string;
  /**
   * The signed-in user (null when signed out): the department console link is shown only to publishers,
   * department admins and admins. A page that does not look at the session leaves it out and shows the link.
   */
  user?: Viewer;
  /** More of the page's <head>: structured data and feed links (components/search-head.tsx). */
  head?: Child;
};

export type Viewer = { role: string; name?: string | null; email?: string | null; departmentId?: string | null } | null | undefined;

const NavLink: FC<{ to: string; current: boolean; children: Child }> = ({ to, current, children }) => (
  <li>
    <a href={to} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  </li>
);

const Header: FC<{ meta: PageMeta }> = ({ meta }) => {
  const { lang, section } = meta;
  const m = messages[lang];
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const user = useViewer(meta.user);
  return (
    <header class="site-header">
      <div class="topbar">
        <div class="container topbar-inner">
          <span class="tagline">{m.tagline}</span>
          <A11yToolbar lang={lang} url={meta.url} />
          <a class="lang-switch" href={switchHref(lang, meta.url)} lang={htmlLang[other]} hreflang={htmlLang[other]} title={m.switchLabel}>
            {m.switchTo}
          </a>
          <AccountMenu lang={lang} url={meta.url} user={meta.user} />
        </div>
      </div>
      <div class="container brand">
        <a class="brand-link" href={href(lang, '/')}>
          <span class="emblem" aria-hidden="true">
            开
          </span>
          <span class="brand-text">
            <span class="brand-name">{m.portal}</span>
            <span class="brand-sub" lang={htmlLang[other]}>
              {messages[other].portal}
            </span>
          </span>
        </a>
        <SiteSearch lang={lang} />
      </div>
      <nav class="main-nav" aria-label={m.mainNav}>
        <ul class="container">
          <NavLink to={href(lang, '/')} current={section === 'home'}>{m.navHome}</NavLink>
          <NavLink to={href(lang, '/datasets')} current={section === 'catalog'}>{m.navCatalog}</NavLink>
          <NavLink to={href(lang, '/departments')} current={section === 'departments'}>{m.navDepartments}</NavLink>
          <NavLink to={href(lang, '/demand')} current={section === 'demand'}>{lang === 'en' ? 'Requests and corrections' : '需求与纠错'}</NavLink>
          <NavLink to={href(lang, '/apps')} current={section === 'apps'}>{lang === 'en' ? 'Apps' : '应用成果'}</NavLink>
          <NavLink to={href(lang, '/stats')} current={section === 'stats'}>{lang === 'en' ? 'Statistics' : '数据统计'}</NavLink>
          <NavLink to={href(lang, '/api/docs')} current={meta.url.replace(/^\/en(?=\/)/, '').startsWith('/api/docs')}>{m.navApi}</NavLink>
          <NavLink to={href(lang, '/developer')} current={meta.url.replace(/^\/en(?=\/)/, '').startsWith('/developer')}>{lang === 'en' ? 'Developer centre' : '开发者中心'}</NavLink>
          {user === undefined || canPublish(user) ? (
            <NavLink to={href(lang, '/console')} current={section === 'console'}>{lang === 'en' ? 'Department console' : '部门工作台'}</NavLink>
          ) : null}
          {canReview(user) ? (
            <NavLink to={href(lang, '/reviewer')} current={section === 'reviewer'}>{lang === 'en' ? 'Assessment' : '考核看板'}</NavLink>
          ) : null}
        </ul>
      </nav>
    </header>
  );
};

const Footer: FC<{ lang: Lang }> = ({ lang }) => {
  const m = messages[lang];
  return (
    <footer class="site-footer">
      <div class="container">
        <nav aria-label={m.footerNav}>
          <ul class="footer-links">
            <li><a href={href(lang, '/datasets')}>{m.navCatalog}</a></li>
            <li><a href={href(lang, '/departments')}>{m.navDepartments}</a></li>
            <li><a href={href(lang, '/api/docs')}>{m.apiDocs}</a></li>
            <li><a href="/openapi.json" type="application/json">{m.openapi}</a></li>
            <li><a href={href(lang, '/accessibility')}>{a11yText[lang].help}</a></li>
          </ul>
        </nav>
        <p>{m.footerNote}</p>
        <p class="footer-name">{m.portal}</p>
      </div>
    </footer>
  );
};

/** The page shell: landmarks, skip link, language switch, JSON twin in the head. */
export const Layout: FC<{ meta: PageMeta; children: Child }> = ({ meta, children }) => {
  const m = messages[meta.lang];
  const zhUrl = meta.lang === 'zh' ? meta.url : switchHref('en', meta.url);
  return (
    <html lang={htmlLang[meta.lang]} class={a11yHtmlClass(useA11yPrefs())}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title === m.portal ? m.portal : `${meta.title} - ${m.portal}`}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        <link rel="stylesheet" href={assetHref('fonts.css')} />
        <link rel="stylesheet" href={assetHref('portal.css')} />
        <link rel="icon" href={assetHref('favicon.svg')} type="image/svg+xml" />
        <script src={assetHref('a11y.js')} defer></script>
        <link rel="alternate" hreflang="zh-CN" href={zhUrl} />
        <link rel="alternate" hreflang="en" href={switchHref('zh', zhUrl)} />
        {meta.json ? <link rel="alternate" type="application/json" href={meta.json} /> : null}
        {meta.head ?? null}
      </head>
      <body>
        <SkipLinks lang={meta.lang} />
        <Header meta={meta} />
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <Footer lang={meta.lang} />
        <script src={assetHref('copy-code.js')} defer></script>
      </body>
    </html>
  );
};

/** The visible twin of `<link rel="alternate" type="application/json">`. */
export const JsonLink: FC<{ lang: Lang; to: string }> = ({ lang, to }) => (
  <a class="json-link" href={to} type="application/json" aria-label={messages[lang].jsonTwinLabel}>
    {messages[lang].jsonTwin}
  </a>
);

export type Crumb = { label: string; to?: string };

export const Breadcrumbs: FC<{ lang: Lang; items: Crumb[] }> = ({ lang, items }) => (
  <nav class="breadcrumbs" aria-label={messages[lang].breadcrumb}>
    <ol>
      {items.map((item, i) => (
        <li>{item.to && i < items.length - 1 ? <a href={item.to}>{item.label}</a> : <span aria-current="page">{item.label}</span>}</li>
      ))}
    </ol>
  </nav>
);

/** Page title row: the heading with the JSON twin link beside it. */
export const PageHead: FC<{ lang: Lang; title: string; json?: string; children?: Child }> = ({ lang, title, json, children }) => (
  <div class="page-head">
    <div>
      <h1>{title}</h1>
      {children}
    </div>
    {json ? <JsonLink lang={lang} to={json} /> : null}
  </div>
);
