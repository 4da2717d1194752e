import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';

const zh = {
  title: '两步验证',
  signInTitle: '登录：两步验证',
  enterCode: '请输入身份验证器应用中显示的 6 位验证码，或一个恢复码。',
  code: '验证码',
  verify: '验证并登录',
  mustEnrol: '您的账号角色必须使用两步验证登录，而您尚未设置。请现在设置：设置完成后即可登录。',
  scan: '用身份验证器应用（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）扫描二维码，或手动输入下面的密钥：',
  secret: '密钥',
  qrAlt: '两步验证二维码',
  confirm: '确认并开启',
  confirmHint: '输入应用显示的 6 位验证码以确认。',
  enabled: '两步验证已开启。',
  recoveryLeft: (n: number) => `剩余恢复码：${n} 个。`,
  disable: '关闭两步验证',
  disableHint: '输入当前验证码以关闭。',
  requiredNote: '您的角色必须使用两步验证，不能关闭；如丢失身份验证器，请联系部门管理员或系统管理员重置。',
  codesTitle: '恢复码',
  codesLead: '请妥善保存这 10 个一次性恢复码：丢失手机时可用其中一个代替验证码登录。它们只显示这一次。',
  continue: '继续',
  optional: '开启后，每次登录除了密码还需输入验证码。',
  errors: {
    invalid_code: '验证码错误或已使用过，请输入新的验证码。',
    too_many_attempts: '错误次数过多，请 15 分钟后再试。',
    no_sign_in_challenge: '登录已超时（10 分钟），请重新登录。',
    two_factor_required: '您的角色必须使用两步验证，不能关闭。',
    invalid_body: '请输入验证码。',
  } as Record<string, string>,
};
const en: typeof zh = {
  title: 'Two-factor sign-in',
  signInTitle: 'Sign in: second factor',
  enterCode: 'Enter the 6-digit code your authenticator app shows, or a recovery code.',
  code: 'Code',
  verify: 'Verify and sign in',
  mustEnrol: 'Your role must sign in with two factors and you have not set them up yet. Set them up now; you are signed in once done.',
  scan: 'Scan the QR code with an authenticator app (Microsoft Authenticator, Google Authenticator, FreeOTP, ...), or type in the secret below:',
  secret: 'Secret',
  qrAlt: 'Two-factor QR code',
  confirm: 'Confirm and turn on',
  confirmHint: 'Enter the 6-digit code the app shows to confirm.',
  enabled: 'Two-factor sign-in is on.',
  recoveryLeft: (n: number) => `Recovery codes left: ${n}.`,
  disable: 'Turn two-factor sign-in off',
  disableHint: 'Enter a current code to turn it off.',
  requiredNote: 'Your role must use two factors, so it cannot be turned off; if you lose your authenticator, ask your department admin or an administrator to reset it.',
  codesTitle: 'Recovery codes',
  codesLead: 'Keep these 10 one-time recovery codes safe: each can replace a code once if you lose your phone. They are shown only this once.',
  continue: 'Continue',
  optional: 'Once on, every sign-in asks for a code besides your password.',
  errors: {
    invalid_code: 'Wrong or already used code; enter a new one.',
    too_many_attempts: 'Too many wrong codes; try again in 15 minutes.',
    no_sign_in_challenge: 'The sign-in expired (10 minutes); sign in again.',
    two_factor_required: 'Your role must use two factors; it cannot be turned off.',
    invalid_body: 'Enter a code.',
  },
};
export const twoFactorMessages = { zh, en };

export type EnrolmentView = { secret: string; qrSvg: string };

const ErrorNotice: FC<{ lang: Lang; code?: string }> = ({ lang, code }) =>
  code ? <p class="notice" role="alert" id="form-error">{twoFactorMessages[lang].errors[code] ?? twoFactorMessages[lang].errors.invalid_code}</p> : null;

const CodeForm: FC<{ lang: Lang; action: string; button: string; hint?: string; error?: string }> = ({ lang, action, button, hint, error }) => {
  const m = twoFactorMessages[lang];
  return (
    <form class="auth-form two-factor-form" method="post" action={action} aria-describedby={error ? 'form-error' : undefined}>
      {hint ? <p>{hint}</p> : null}
      <p>
        <label for="code">{m.code}</label>
        <br />
        <input id="code" name="code" type="text" required inputmode="numeric" autocomplete="one-time-code" maxlength={40} />
      </p>
      <p><button type="submit" class="button-secondary">{button}</button></p>
    </form>
  );
};

/** The QR code (an SVG the portal drew) and the same secret as text, for apps that cannot scan. */
const Enrolment: FC<{ lang: Lang; enrolment: EnrolmentView }> = ({ lang, enrolment }) => {
  const m = twoFactorMessages[lang];
  return (
    <>
      <p>{m.scan}</p>
      <div class="two-factor-qr" role="img" aria-label={m.qrAlt} dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
      <p>{m.secret}: <code id="totp-secret" class="two-factor-secret">{enrolment.secret}</code></p>
    </>
  );
};

/** The sign-in's second step: a code, or (a role that must, not enrolled yet) the enrolment first. */
export const SecondFactorPage: FC<{ lang: Lang; url: string; enrolment: EnrolmentView | null; error?: string }> = ({ lang, url, enrolment, error }) => {
  const m = twoFactorMessages[lang];
  const action = href(lang, '/signin/2fa');
  return (
    <Layout meta={{ lang, url, title: m.signInTitle, section: 'none' }}>
      <div class="container auth-page">
        <h1>{m.signInTitle}</h1>
        <ErrorNotice lang={lang} code={error} />
        {enrolment ? (
          <>
            <p class="lead" id="must-enrol">{m.mustEnrol}</p>
            <Enrolment lang={lang} enrolment={enrolment} />
            <CodeForm lang={lang} action={action} button={m.confirm} hint={m.confirmHint} error={error} />
          </>
        ) : (
          <CodeForm lang={lang} action={action} button={m.verify} hint={m.enterCode} error={error} />
        )}
      </div>
    </Layout>
  );
};

/** The ten recovery codes, shown once, after an enrolment. */
export const RecoveryCodesPage: FC<{ lang: Lang; url: string; codes: string[]; next: string }> = ({ lang, url, codes, next }) => {
  const m = twoFactorMessages[lang];
  return (
    <Layout meta={{ lang, url, title: m.codesTitle, section: 'none' }}>
      <div class="container auth-page">
        <h1>{m.codesTitle}</h1>
        <p class="notice" role="status">{m.enabled}</p>
        <p>{m.codesLead}</p>
        <ul class="recovery-codes" id="recovery-codes">{codes.map((code) => <li><code>{code}</code></li>)}</ul>
        <p><a class="button-secondary" id="continue" href={next}>{m.continue}</a></p>
      </div>
    </Layout>
  );
};

export type AccountTwoFactor = { enabled: boolean; required: boolean; recoveryCodesLeft: number; enrolment: EnrolmentView | null };

/** /account/2fa: turn it on (QR, secret, first code) or, on already, see what is left and turn it off. */
export const AccountTwoFactorPage: FC<{ lang: Lang; url: string; state: AccountTwoFactor; error?: string }> = ({ lang, url, state, error }) => {
  const m = twoFactorMessages[lang];
  return (
    <Layout meta={{ lang, url, title: m.title, section: 'none' }}>
      <div class="container auth-page">
        <h1>{m.title}</h1>
        <ErrorNotice lang={lang} code={error} />
        {state.enabled ? (
          <>
            <p class="notice" role="status" id="two-factor-on">{m.enabled} {m.recoveryLeft(state.recoveryCodesLeft)}</p>
            {state.required ? <p>{m.requiredNote}</p> : <CodeForm lang={lang} action={href(lang, '/account/2fa/disable')} button={m.disable} hint={m.disableHint} error={error} />}
          </>
        ) : state.enrolment ? (
          <>
            <p>{m.optional}</p>
            <Enrolment lang={lang} enrolment={state.enrolment} />
            <CodeForm lang={lang} action={href(lang, '/account/2fa/confirm')} button={m.confirm} hint={m.confirmHint} error={error} />
          </>
        ) : null}
      </div>
    </Layout>
  );
};
