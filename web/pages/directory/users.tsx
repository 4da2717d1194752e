import type { FC } from 'hono/jsx';
import { ScrollRegion } from '../stats/chart.js';
import { href, type Lang } from '../../i18n.js';
import { formatDateTime } from '../../format.js';
import { ConsoleShell, Flash, type ConsoleUser } from '../console/shell.js';
import { directoryMessages } from './messages.js';

export type DirectoryRow = { id: string; email: string; name: string; role: string; disabled_at: string | null };
export type UsersPageData = {
  user: ConsoleUser & { id: string };
  departments: { id: string; name: string }[];
  departmentId: string | null;
  users: DirectoryRow[];
  done?: string | null;
  error?: string | null;
  invite?: { url: string; expires_at: string } | null;
};

const Hidden: FC<{ dept: string }> = ({ dept }) => <input type="hidden" name="department" value={dept} />;

/** /console/users: a department's people, their roles, disabling, 2FA resets and invitation links (no JavaScript needed). */
export const DepartmentUsersPage: FC<{ lang: Lang; url: string; data: UsersPageData }> = ({ lang, url, data }) => {
  const s = directoryMessages[lang];
  const base = href(lang, '/console/users');
  const dept = data.departmentId;
  const roleChoices = data.user.role === 'admin' ? ['publisher', 'dept_admin', 'user', 'reviewer', 'admin'] : ['publisher', 'dept_admin', 'user'];
  return (
    <ConsoleShell lang={lang} url={url} title={s.usersTitle} user={data.user} crumbs={[{ label: s.usersTitle }]}>
      <h1>{s.usersTitle}</h1>
      <Flash text={data.done ? s.done[data.done] ?? null : null} />
      {data.error ? <div class="flash flash-error" role="alert"><p>{s.error}{data.error}</p></div> : null}
      {data.invite ? (
        <div class="flash" role="status">
          <p>{s.inviteMade(formatDateTime(data.invite.expires_at))}</p>
          <p><input type="text" readonly value={data.invite.url} aria-label={s.invite} size={80} /></p>
        </div>
      ) : null}
      {data.user.role === 'admin' ? (
        <form method="get" action={base} class="directory-department">
          <label for="department">{s.department}</label>{' '}
          <select id="department" name="department">
            {data.departments.map((d) => <option value={d.id} selected={d.id === dept}>{d.name}</option>)}
          </select>{' '}
          <button type="submit">{s.choose}</button>
        </form>
      ) : null}
      {dept ? (
        <>
          <ScrollRegion label={s.usersTitle}>
          <table class="directory-users">
            <thead><tr><th scope="col">{s.name}</th><th scope="col">{s.email}</th><th scope="col">{s.role}</th><th scope="col">{s.status}</th><th scope="col">{s.actions}</th></tr></thead>
            <tbody>
              {data.users.map((u) => (
                <tr>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>{s.roles[u.role] ?? u.role}</td>
                  <td>{u.disabled_at ? s.disabled : s.active}</td>
                  <td>
                    {u.id === data.user.id ? null : (
                      <>
                        <form method="post" action={`${base}/${u.id}/role`} class="inline-form">
                          <Hidden dept={dept} />
                          <label for={`role-${u.id}`} class="visually-hidden">{`${s.setRole}: ${u.name}`}</label>
                          <select id={`role-${u.id}`} name="role">{roleChoices.map((r) => <option value={r} selected={r === u.role}>{s.roles[r]}</option>)}</select>{' '}
                          <button type="submit">{s.setRole}</button>
                        </form>
                        <form method="post" action={`${base}/${u.id}/${u.disabled_at ? 'enable' : 'disable'}`} class="inline-form">
                          <Hidden dept={dept} />
                          <button type="submit" aria-label={`${u.disabled_at ? s.enable : s.disable}: ${u.name}`}>{u.disabled_at ? s.enable : s.disable}</button>
                        </form>
                        <form method="post" action={`${base}/${u.id}/2fa-reset`} class="inline-form">
                          <Hidden dept={dept} />
                          <button type="submit" aria-label={`${s.reset2fa}: ${u.name}`}>{s.reset2fa}</button>
                        </form>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollRegion>
          {data.users.length ? null : <p>{s.none}</p>}
          <h2>{s.invite}</h2>
          <form method="post" action={`${base}/invites`}>
            <Hidden dept={dept} />
            <label for="invite-role">{s.inviteRole}</label>{' '}
            <select id="invite-role" name="role"><option value="publisher">{s.roles.publisher}</option><option value="dept_admin">{s.roles.dept_admin}</option></select>{' '}
            <button type="submit">{s.makeInvite}</button>
          </form>
        </>
      ) : null}
    </ConsoleShell>
  );
};
