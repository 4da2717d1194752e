import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { authMessages } from './messages.js';

export type DeveloperKey = { id: string; name: string; prefix: string; created_at: string; last_used_at: string | null; rate_per_min: number; daily_quota: number; used_today: number };

/** One key's successful calls on one UTC day (from the usage events), newest first. */
export type DeveloperDay = { key: string; day: string; calls: number; errors: number; rows: number; bytes: number };

export type DeveloperData = {
  email: string | null;
  keys: DeveloperKey[];
  recent?: DeveloperDay[];
  created?: { name: string; secret: string };
  example: { id: string; title: string } | null;
  baseUrl: string;
  error?: string;
};

type Props = { lang: Lang; url: string; data: DeveloperData };

const RecentUse: FC<{ lang: Lang; days: DeveloperDay[] }> = ({ lang, days }) => {
  const m = authMessages[lang];
  if (!days.length) return <p class="muted">{m.noUseYet}</p>;
  return (
    <table class="data-table">
      <caption>
        {m.last30Days} (<a href="/api/v1/me/usage">JSON</a>)
      </caption>
      <thead>
        <tr><th scope="col">{m.day}</th><th scope="col">{m.key}</th><th scope="col" class="num">{m.calls}</th><th scope="col" class="num">{m.rowsServed}</th><th scope="col" class="num">{m.errorCalls}</th></tr>
      </thead>
      <tbody>
        {days.map((d) => (
          <tr><td>{d.day}</td><td>{d.key}</td><td class="num">{formatNumber(d.calls, lang)}</td><td class="num">{formatNumber(d.rows, lang)}</td><td class="num">{formatNumber(d.errors, lang)}</td></tr>
        ))}
      </tbody>
    </table>
  );
};

const QuickStart: FC<{ lang: Lang; data: DeveloperData }> = ({ lang, data }) => {
  const m = authMessages[lang];
  if (!data.example) return null;
  const key = data.created?.secret ?? 'kf_...';
  const curl = `curl -H "Authorization: Bearer ${key}" \\\n  "${data.baseUrl}/api/v1/datasets/${data.example.id}/records?limit=5"`;
  return (
    <section aria-labelledby="quick-start">
      <h2 id="quick-start">{m.quickStart}</h2>
      <p>{m.quickStartText(data.example.title)}</p>
      <pre><code>{curl}</code></pre>
      <p class="muted">{m.keyHeader}</p>
      <p>
        {m.quickStartMore} <a href="/docs">{m.apiDocs}</a>
      </p>
    </section>
  );
};

const KeysTable: FC<{ lang: Lang; keys: DeveloperKey[] }> = ({ lang, keys }) => {
  const m = authMessages[lang];
  if (!keys.length) return <p class="empty">{m.noKeys}</p>;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">{m.keyName}</th>
            <th scope="col">{m.keyPrefix}</th>
            <th scope="col">{m.created}</th>
            <th scope="col">{m.lastUsed}</th>
            <th scope="col">{m.limits}</th>
            <th scope="col" class="num">{m.usedToday}</th>
            <th scope="col"><span class="visually-hidden">{m.revoke}</span></th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr>
              <th scope="row">{k.name}</th>
              <td><code>kf_{k.prefix}…</code></td>
              <td>{formatDateTime(k.created_at)}</td>
              <td>{k.last_used_at ? formatDateTime(k.last_used_at) : m.never}</td>
              <td>{m.perMinute(k.rate_per_min)}<br />{m.perDay(k.daily_quota)}</td>
              <td class="num">{formatNumber(k.used_today, lang)} / {formatNumber(k.daily_quota, lang)}</td>
              <td>
                <form method="post" action={href(lang, `/developer/keys/${k.id}/revoke`)}>
                  <button type="submit" class="button-secondary" aria-label={m.revokeLabel(k.name)}>{m.revoke}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const SignedOut: FC<{ lang: Lang; data: DeveloperData }> = ({ lang, data }) => {
  const m = authMessages[lang];
  return (
    <>
      <p class="lead">{m.intro}</p>
      <h2>{m.getStarted}</h2>
      <ol>
        {m.steps.map((s) => <li>{s}</li>)}
      </ol>
      <p>
        <a href={href(lang, '/signup?next=' + encodeURIComponent(href(lang, '/developer')))}>{m.signUp}</a> · <a href={href(lang, '/signin')}>{m.signIn}</a>
      </p>
      <QuickStart lang={lang} data={data} />
    </>
  );
};

/** My keys (create, revoke; a new secret shown once), my use today, and a curl line that works. */
export const DeveloperPage: FC<Props> = ({ lang, url, data }) => {
  const m = authMessages[lang];
  return (
    <Layout meta={{ lang, url, title: m.developerTitle, section: 'none', json: data.email ? '/api/v1/me/keys' : undefined }}>
      <div class="container developer-page">
        <h1>{m.developerTitle}</h1>
        {!data.email ? <SignedOut lang={lang} data={data} /> : (
          <>
            <form method="post" action="/api/v1/auth/logout">
              <p>
                {m.signedInAs(data.email)} <button type="submit" class="button-secondary">{m.signOut}</button>
              </p>
            </form>
            {data.error ? <p class="notice" role="alert">{m.errors[data.error] ?? data.error}</p> : null}
            {data.created ? (
              <section class="notice" aria-labelledby="new-key" role="status">
                <h2 id="new-key">{m.secretTitle}: {data.created.name}</h2>
                <p><code class="secret">{data.created.secret}</code></p>
                <p>{m.secretOnce}</p>
              </section>
            ) : null}
            <section aria-labelledby="my-keys">
              <h2 id="my-keys">{m.myKeys}</h2>
              <KeysTable lang={lang} keys={data.keys} />
              <form method="post" action={href(lang, '/developer/keys')} class="key-form">
                <p>
                  <label for="key-name">{m.newKeyName}</label>
                  <br />
                  <input id="key-name" name="name" type="text" required maxlength={60} placeholder={m.newKeyPlaceholder} />{' '}
                  <button type="submit" class="button-secondary">{m.createKey}</button>
                </p>
              </form>
            </section>
            <section aria-labelledby="my-usage">
              <h2 id="my-usage">{m.usage}</h2>
              <p>{m.usageNote}</p>
              <RecentUse lang={lang} days={data.recent ?? []} />
            </section>
            <QuickStart lang={lang} data={data} />
          </>
        )}
      </div>
    </Layout>
  );
};
