import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';
import { directoryMessages } from './messages.js';

export type InvitePageData = {
  token: string;
  invite: { departmentName: string; role: string } | null;
  user: { email: string; role: string } | null;
  error?: string | null;
};

/** /invite?token=…: join with the signed-in account, or create one (the password policy of sign-up applies). */
export const InvitePage: FC<{ lang: Lang; url: string; data: InvitePageData }> = ({ lang, url, data }) => {
  const s = directoryMessages[lang];
  const action = href(lang, '/invite');
  return (
    <Layout meta={{ lang, url, title: s.inviteTitle, section: 'none', user: data.user }}>
      <div class="container narrow">
        <h1>{s.inviteTitle}</h1>
        {data.error ? <div class="flash flash-error" role="alert"><p>{s.error}{data.error}</p></div> : null}
        {!data.invite ? <p>{s.inviteInvalid}</p> : (
          <>
            <p>{s.inviteFor(data.invite.departmentName, s.roles[data.invite.role] ?? data.invite.role)}</p>
            {data.user ? (
              data.user.role === 'admin' || data.user.role === 'reviewer' ? <p>{s.notApplicable}</p> : (
                <form method="post" action={action}>
                  <input type="hidden" name="token" value={data.token} />
                  <button type="submit">{s.joinAs(data.user.email)}</button>
                </form>
              )
            ) : (
              <form method="post" action={action} class="stack-form">
                <p>{s.orNew}</p>
                <input type="hidden" name="token" value={data.token} />
                <p><label for="invite-email">{s.email}</label><br /><input id="invite-email" name="email" type="email" required autocomplete="email" /></p>
                <p><label for="invite-name">{s.name}</label><br /><input id="invite-name" name="name" type="text" autocomplete="name" /></p>
                <p><label for="invite-password">{s.password}</label><br /><input id="invite-password" name="password" type="password" required minlength={10} autocomplete="new-password" /></p>
                <button type="submit">{s.create}</button>
              </form>
            )}
          </>
        )}
      </div>
    </Layout>
  );
};
