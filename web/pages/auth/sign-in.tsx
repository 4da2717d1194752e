import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';
import { authMessages } from './messages.js';

export type AuthFormProps = { lang: Lang; url: string; mode: 'signin' | 'signup'; error?: string; registered?: boolean; next?: string; signedInAs?: string; unifiedIdentity?: boolean };

const ErrorNotice: FC<{ lang: Lang; code?: string }> = ({ lang, code }) => {
  if (!code) return null;
  const m = authMessages[lang];
  return (
    <p class="notice" role="alert" id="form-error">
      {m.errors[code] ?? m.errors.invalid_body}
    </p>
  );
};

/** Sign-in and sign-up: plain forms posting to the JSON API, which answers forms with a redirect. */
export const AuthFormPage: FC<AuthFormProps> = ({ lang, url, mode, error, registered, next, signedInAs, unifiedIdentity }) => {
  const m = authMessages[lang];
  const signUp = mode === 'signup';
  const title = signUp ? m.signUpTitle : m.signInTitle;
  const self = href(lang, signUp ? '/signup' : '/signin');
  const describedBy = error ? 'form-error' : undefined;
  return (
    <Layout meta={{ lang, url, title, section: 'none' }}>
      <div class="container auth-page">
        <h1>{title}</h1>
        {signedInAs ? (
          <p class="lead">
            {m.signedInAs(signedInAs)} · <a href={href(lang, '/developer')}>{m.developerTitle}</a>
          </p>
        ) : null}
        {registered && !error ? (
          <p class="notice" role="status" id="form-status">
            {m.registered}
          </p>
        ) : null}
        <ErrorNotice lang={lang} code={error} />
        {unifiedIdentity && !signUp ? (
          <>
            <p>
              <a class="button-secondary" id="unified-identity" href={`${href(lang, '/auth/oidc/start')}${next ? `?next=${encodeURIComponent(next)}` : ''}`}>{m.unifiedIdentity}</a>
            </p>
            <p class="muted">{m.orPassword}</p>
          </>
        ) : null}
        <form class="auth-form" method="post" action={signUp ? '/api/v1/auth/register' : '/api/v1/auth/login'} aria-describedby={describedBy}>
          <input type="hidden" name="next" value={next ?? href(lang, '/account')} />
          <input type="hidden" name="from" value={self} />
          <p>
            <label for="email">{m.email}</label>
            <br />
            <input id="email" name="email" type="email" required autocomplete="email" maxlength={254} />
          </p>
          <p>
            <label for="password">{m.password}</label>
            <br />
            <input id="password" name="password" type="password" required minlength={signUp ? 10 : undefined} maxlength={200} autocomplete={signUp ? 'new-password' : 'current-password'} aria-describedby={signUp ? 'password-hint' : undefined} />
            {signUp ? (
              <>
                <br />
                <small id="password-hint" class="muted">{m.passwordHint}</small>
              </>
            ) : null}
          </p>
          {signUp ? (
            <p>
              <label for="name">{m.name}</label>
              <br />
              <input id="name" name="name" type="text" maxlength={100} autocomplete="nickname" />
            </p>
          ) : null}
          <p>
            <button type="submit" class="button-secondary">{signUp ? m.signUp : m.signIn}</button>
          </p>
        </form>
        <p>
          {signUp ? m.haveAccount : m.noAccount} <a href={`${href(lang, signUp ? '/signin' : '/signup')}${next ? `?next=${encodeURIComponent(next)}` : ''}`}>{signUp ? m.signIn : m.signUp}</a>
        </p>
      </div>
    </Layout>
  );
};
