import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import {
  attemptOf, completeSecondFactor, confirmEnrolment, disableTwoFactor, localPath, pendingEnrolment, readChallenge, sessionMiddleware,
  startEnrolment, twoFactorStatus,
} from '../../src/auth/index.js';
import { href, type Lang } from '../i18n.js';
import { htmlErrors, render as renderHtml, requestedUrl, inBothLanguages } from '../render.js';
import { AccountTwoFactorPage, RecoveryCodesPage, SecondFactorPage } from '../pages/auth/two-factor.js';

/** The sign-in's second step (/signin/2fa) and the account's two-factor page (/account/2fa), at `/` and `/en`. */
function pages(deps: AppDeps, lang: Lang) {
  const app = new Hono<AppEnv>();
  const render = (c: Context<AppEnv>, page: JSX.Element) => renderHtml(c, lang, page, { personal: true });
  const session = sessionMiddleware(deps);
  for (const path of ['/signin/2fa', '/account/2fa', '/account/2fa/*']) app.use(path, session);
  const signInPage = href(lang, '/signin/2fa');
  const accountPage = href(lang, '/account/2fa');
  const codeOf = async (c: Context<AppEnv>) => String((await c.req.parseBody()).code ?? '').trim();
  const withError = (path: string, err: unknown) => {
    if (err instanceof ApiError) return `${path}?error=${encodeURIComponent(err.code)}`;
    throw err;
  };
  // A pending enrolment is shown again on a reload (the same secret), else a new one is started.
  const enrolmentOf = async (user: { id: string; email: string }) => (await pendingEnrolment(deps, user)) ?? (await startEnrolment(deps, user));

  app.get('/signin/2fa', async (c) => {
    const challenge = await readChallenge(deps, c);
    if (!challenge) return c.redirect(`${href(lang, '/signin')}?error=no_sign_in_challenge`, 303);
    const enrolment = challenge.mode === 'enrol' ? await enrolmentOf(challenge.user) : null;
    return render(c, <SecondFactorPage lang={lang} url={requestedUrl(c)} enrolment={enrolment} error={c.req.query('error')} />);
  });
  app.post('/signin/2fa', async (c) => {
    try {
      const done = await completeSecondFactor(deps, c, await codeOf(c));
      const next = localPath(done.next, href(lang, '/account'));
      return done.recoveryCodes ? render(c, <RecoveryCodesPage lang={lang} url={requestedUrl(c)} codes={done.recoveryCodes} next={next} />) : c.redirect(next, 303);
    } catch (err) {
      return c.redirect(withError(signInPage, err), 303);
    }
  });

  app.get('/account/2fa', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(`${href(lang, '/signin')}?next=${encodeURIComponent(accountPage)}`, 303);
    const status = await twoFactorStatus(deps, user);
    const enrolment = status.enabled ? null : await enrolmentOf(user);
    return render(c, <AccountTwoFactorPage lang={lang} url={requestedUrl(c)} state={{ ...status, enrolment }} error={c.req.query('error')} />);
  });
  app.post('/account/2fa/confirm', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(href(lang, '/signin'), 303);
    try {
      const codes = await confirmEnrolment(deps, user, await codeOf(c), attemptOf(deps, c));
      return render(c, <RecoveryCodesPage lang={lang} url={requestedUrl(c)} codes={codes} next={accountPage} />);
    } catch (err) {
      return c.redirect(withError(accountPage, err), 303);
    }
  });
  app.post('/account/2fa/disable', async (c) => {
    const user = c.get('user');
    if (!user) return c.redirect(href(lang, '/signin'), 303);
    try {
      await disableTwoFactor(deps, user, await codeOf(c), attemptOf(deps, c));
      return c.redirect(accountPage, 303);
    } catch (err) {
      return c.redirect(withError(accountPage, err), 303);
    }
  });
  app.onError(htmlErrors(deps, lang, { personal: true }));
  return app;
}

export function twoFactorPages(deps: AppDeps) {
  return inBothLanguages(new Hono<AppEnv>(), (lang) => pages(deps, lang));
}
