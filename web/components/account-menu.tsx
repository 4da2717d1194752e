import { createContext, useContext, type FC } from 'hono/jsx';
import type { SessionUser } from '../../src/lib/context.js';
import { canReview, canUseConsole } from '../../src/auth/index.js';
import { href, type Lang } from '../i18n.js';

/**
 * The person looking at the page, as the session middleware found them: set around every page by render()
 * (web/render.ts), so the header knows who is signed in even on pages that never look at the session.
 * undefined: rendered outside a request (a component test).
 */
export const ViewerContext = createContext<SessionUser | null | undefined>(undefined);

export type AccountViewer = { role: string; name?: string | null; email?: string | null; departmentId?: string | null };

/** The page's own idea of the viewer when it passed one, else the session's: null is signed out. */
export function useViewer(given: AccountViewer | null | undefined): AccountViewer | null | undefined {
  const session = useContext(ViewerContext);
  return session !== undefined ? session : given;
}

const text = {
  zh: { signIn: '登录', signUp: '注册', mine: '我的', developer: '开发者中心', orders: '我的数据申请', console: '部门工作台', reviewer: '考核看板', twoFactor: '两步验证', sessions: '登录会话', signOut: '退出', account: '我的账号' },
  en: { signIn: 'Sign in', signUp: 'Register', mine: 'My account', developer: 'Developer centre', orders: 'My data applications', console: 'Department console', reviewer: 'Assessment', twoFactor: 'Two-step sign-in', sessions: 'My sessions', signOut: 'Sign out', account: 'My account' },
} as const;

/** Where a user lands after signing in with nowhere to return to: the place of their role. */
export function roleHome(lang: Lang, user: AccountViewer): string {
  if (canUseConsole(user)) return href(lang, '/console');
  if (canReview(user)) return href(lang, '/reviewer');
  return href(lang, '/developer');
}

/** The links of the 我的 menu this user may follow. */
export function accountLinks(lang: Lang, user: AccountViewer): { label: string; to: string }[] {
  const t = text[lang];
  return [
    { label: t.developer, to: href(lang, '/developer') },
    { label: t.orders, to: href(lang, '/demand/orders') },
    ...(canUseConsole(user) ? [{ label: t.console, to: href(lang, '/console') }] : []),
    ...(canReview(user) ? [{ label: t.reviewer, to: href(lang, '/reviewer') }] : []),
    { label: t.twoFactor, to: href(lang, '/account/2fa') },
    { label: t.sessions, to: href(lang, '/account/sessions') },
  ];
}

// The sign-in and sign-up pages themselves are no place to come back to.
const returnPath = (lang: Lang, url: string) => (/^(\/en)?\/sign(in|up)(\?|$)/.test(url) ? undefined : url);
const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/**
 * 登录/注册 when signed out; the user's name and a 我的 disclosure (works without JavaScript) when signed in,
 * ending with 退出: a form post, so the session middleware's same-origin check guards it like every other post.
 */
export const AccountMenu: FC<{ lang: Lang; url: string; user: AccountViewer | null | undefined }> = ({ lang, url, user }) => {
  const t = text[lang];
  const viewer = useViewer(user);
  const next = returnPath(lang, url);
  if (!viewer) {
    return (
      <p class="account-menu">
        <a href={withNext(href(lang, '/signin'), next)}>{t.signIn}</a>
        <span aria-hidden="true"> / </span>
        <a href={withNext(href(lang, '/signup'), next)}>{t.signUp}</a>
      </p>
    );
  }
  const who = viewer.name || viewer.email || t.account;
  return (
    <details class="account-menu">
      <summary>
        <span class="account-name">{who}</span> · {t.mine}
      </summary>
      <ul>
        {accountLinks(lang, viewer).map((l) => (
          <li>
            <a href={l.to} aria-current={url.split('?')[0] === l.to ? 'page' : undefined}>{l.label}</a>
          </li>
        ))}
        <li>
          <form method="post" action="/api/v1/auth/logout">
            <input type="hidden" name="next" value={href(lang, '/')} />
            <input type="hidden" name="from" value={url} />
            <button type="submit" class="button-link">{t.signOut}</button>
          </form>
        </li>
      </ul>
    </details>
  );
};
