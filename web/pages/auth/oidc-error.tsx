import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';

const text = {
  zh: {
    title: '统一身份认证登录未完成',
    body: '未能通过统一身份认证完成登录（登录请求可能已过期、已使用或被篡改）。您尚未登录。',
    again: '重新使用统一身份认证登录',
    back: '返回登录页',
    disabled: '此账号已被停用，无法登录。请联系本部门的管理员。',
  },
  en: {
    title: 'Sign-in with unified identity not completed',
    body: 'The sign-in with unified identity could not be completed (the request may have expired, been used already or been altered). You are not signed in.',
    again: 'Sign in with unified identity again',
    back: 'Back to the sign-in page',
    disabled: 'This account is disabled and cannot sign in. Ask your department admin.',
  },
};

/** The callback's answer when the provider's answer is refused: no session was started. */
export const OidcErrorPage: FC<{ lang: Lang; url: string; disabled?: boolean }> = ({ lang, url, disabled }) => {
  const t = text[lang];
  return (
    <Layout meta={{ lang, url, title: t.title, section: 'none' }}>
      <div class="container auth-page">
        <h1>{t.title}</h1>
        <p class="notice" role="alert" id="oidc-error">{disabled ? t.disabled : t.body}</p>
        <p>
          <a href={href(lang, '/auth/oidc/start')}>{t.again}</a> · <a href={href(lang, '/signin')}>{t.back}</a>
        </p>
      </div>
    </Layout>
  );
};

const signOut = {
  zh: { title: '正在退出统一身份认证', body: '您已退出本站。正在前往统一身份认证退出登录……', go: '继续' },
  en: { title: 'Signing out of unified identity', body: 'You are signed out of the portal. Going on to sign out of unified identity…', go: 'Continue' },
};

/** Moves on to the provider's end-session address by itself (meta refresh: no script), with a link as well. */
export const ProviderSignOutPage: FC<{ lang: Lang; url: string }> = ({ lang, url }) => {
  const t = signOut[lang];
  return (
    <html lang={lang === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="refresh" content={`0;url=${url}`} />
        <title>{t.title}</title>
      </head>
      <body>
        <p>{t.body}</p>
        <p><a id="provider-signout" href={url}>{t.go}</a></p>
      </body>
    </html>
  );
};
