import type { FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { Layout } from '../../components/layout.js';
import { DataTable } from '../../components/data-table.js';
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
    <DataTable
      caption={<>{m.last30Days} (<a href="/api/v1/me/usage">JSON</a>)</>}
      rows={days}
      columns={[
        { header: m.day, cell: (d) => d.day },
        { header: m.key, cell: (d) => d.key },
        { header: m.calls, numeric: true, cell: (d) => formatNumber(d.calls, lang) },
        { header: m.rowsServed, numeric: true, cell: (d) => formatNumber(d.rows, lang) },
        { header: m.errorCalls, numeric: true, cell: (d) => formatNumber(d.errors, lang) },
      ]}
    />
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
        {m.quickStartMore} <a href={href(lang, '/api/docs')}>{m.apiDocs}</a>
      </p>
    </section>
  );
};

const KeysTable: FC<{ lang: Lang; keys: DeveloperKey[] }> = ({ lang, keys }) => {
  const m = authMessages[lang];
  if (!keys.length) return <p class="empty">{m.noKeys}</p>;
  return (
    <div class="table-scroll" role="region" aria-labelledby="my-keys" tabindex={0}>
      <DataTable
        rows={keys}
        columns={[
          { header: m.keyName, rowHeader: true, cell: (k) => k.name },
          { header: m.keyPrefix, cell: (k) => <code>kf_{k.prefix}…</code> },
          { header: m.created, cell: (k) => formatDateTime(k.created_at) },
          { header: m.lastUsed, cell: (k) => (k.last_used_at ? formatDateTime(k.last_used_at) : m.never) },
          { header: m.limits, cell: (k) => <>{m.perMinute(k.rate_per_min)}<br />{m.perDay(k.daily_quota)}</> },
          { header: m.usedToday, numeric: true, cell: (k) => <>{formatNumber(k.used_today, lang)} / {formatNumber(k.daily_quota, lang)}</> },
          {
            header: <span class="visually-hidden">{m.revoke}</span>,
            cell: (k) => (
              <form method="post" action={href(lang, `/developer/keys/${k.id}/revoke`)}>
                <button type="submit" class="button-secondary" aria-label={m.revokeLabel(k.name)}>{m.revoke}</button>
              </form>
            ),
          },
        ]}
      />
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
        <a href={href(lang, '/signup?next=' + encodeURIComponent(href(lang, '/developer')))}>{m.signUp}</a> · <a href={href(lang, '/signin?next=' + encodeURIComponent(href(lang, '/developer')))}>{m.signIn}</a>
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
                <p><code class="secret" id="new-key-secret" data-copy data-copy-name={m.secretName}>{data.created.secret}</code></p>
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
