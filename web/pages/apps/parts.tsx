import type { Child, FC } from 'hono/jsx';
import { href, type Lang } from '../../i18n.js';
import { appsMessages } from './messages.js';

/** An app as the pages show it, already in the page's language (web/loaders/apps.ts builds it from src/apps). */
export type AppCardData = {
  id: string;
  name: string;
  kind: string;
  demo: boolean;
  status: string;
  /** The first screenshot's address, if any. */
  screenshot: string | null;
  datasets: { id: string; title: string }[];
  departments: { id: string; name: string }[];
};

export const KindBadge: FC<{ lang: Lang; kind: string }> = ({ lang, kind }) => (
  <span class="badge badge-latest" data-kind={kind}>{appsMessages[lang].kinds[kind] ?? kind}</span>
);

/** Seeded demo apps say so wherever they are shown, as the demand board's demo history does. */
export const AppDemoBadge: FC<{ lang: Lang; demo: boolean }> = ({ lang, demo }) =>
  demo ? <span class="badge badge-withdrawn" data-demo="true" title={appsMessages[lang].demoTitle}>{appsMessages[lang].demo}</span> : null;

const statusClass: Record<string, string> = { pending: 'badge-conditional', approved: 'badge-open', rejected: 'badge-withdrawn' };

export const AppStatusBadge: FC<{ lang: Lang; status: string }> = ({ lang, status }) => (
  <span class={`badge ${statusClass[status] ?? 'badge-latest'}`} data-status={status}>{appsMessages[lang].statuses[status] ?? status}</span>
);

/** Links to the datasets an app names, comma separated. */
export const DatasetLinks: FC<{ lang: Lang; datasets: AppCardData['datasets'] }> = ({ lang, datasets }) => (
  <>
    {datasets.map((d, i) => (
      <>
        {i ? (lang === 'en' ? ', ' : '、') : null}
        <a href={href(lang, `/datasets/${d.id}`)}>{d.title}</a>
      </>
    ))}
  </>
);

/** One app in a list: its first screenshot, name, kind, the data it uses and whose data that is. */
export const AppCard: FC<{ lang: Lang; app: AppCardData; headingLevel?: 2 | 3; children?: Child }> = ({ lang, app, headingLevel = 2, children }) => {
  const m = appsMessages[lang];
  const name = <a href={href(lang, `/apps/${app.id}`)}>{app.name}</a>;
  return (
    <li class="app-card" data-app={app.id}>
      {app.screenshot ? (
        <img class="app-card-shot" src={app.screenshot} alt={m.screenshotAlt(app.name, 1)} loading="lazy" width={320} height={200} />
      ) : (
        <div class="app-card-shot app-card-noshot" aria-hidden="true">{m.noScreenshot}</div>
      )}
      <div class="app-card-body">
        <div class="app-card-head">
          {headingLevel === 2 ? <h2 class="card-title">{name}</h2> : <h3 class="card-title">{name}</h3>}
          <KindBadge lang={lang} kind={app.kind} />
          <AppDemoBadge lang={lang} demo={app.demo} />
          {app.status !== 'approved' ? <AppStatusBadge lang={lang} status={app.status} /> : null}
        </div>
        <dl class="card-facts app-card-facts">
          {app.datasets.length ? <div><dt>{m.datasetsUsed}</dt><dd><DatasetLinks lang={lang} datasets={app.datasets} /></dd></div> : null}
          {app.departments.length ? <div><dt>{m.departments}</dt><dd>{app.departments.map((d) => d.name).join(lang === 'en' ? ', ' : '、')}</dd></div> : null}
        </dl>
        {children}
      </div>
    </li>
  );
};

export const AppList: FC<{ lang: Lang; apps: AppCardData[]; headingLevel?: 2 | 3 }> = ({ lang, apps, headingLevel }) => (
  <ul class="app-list">
    {apps.map((a) => <AppCard lang={lang} app={a} headingLevel={headingLevel} />)}
  </ul>
);

/** A refused form or action, worded from the API's problem code in the page's language. */
export const AppError: FC<{ lang: Lang; code?: string; detail?: string }> = ({ lang, code, detail }) => {
  if (!code) return null;
  const m = appsMessages[lang];
  return (
    <div class="notice" role="alert" id="form-error">
      <p><strong>{m.errorTitle}</strong>{lang === 'en' ? ': ' : '：'}{m.errors[code] ?? m.errors.invalid_body}</p>
      {detail ? <p class="muted">{detail}</p> : null}
    </div>
  );
};
