import type { FC } from 'hono/jsx';
import type { AppSummary } from '../../../src/apps/index.js';
import { href, pick, type Lang } from '../../i18n.js';
import { appsMessages } from './messages.js';

/** On a dataset page: "用于 N 个应用" and links to those approved apps, or an invitation to submit one. */
export const DatasetApps: FC<{ lang: Lang; datasetId: string; apps: AppSummary[] }> = ({ lang, datasetId, apps }) => {
  const m = appsMessages[lang];
  const submit = <a href={`${href(lang, '/apps/new')}?dataset=${encodeURIComponent(datasetId)}`}>{m.submitLink}</a>;
  return (
    <section class="dataset-apps" aria-labelledby="dataset-apps-title">
      <h2 id="dataset-apps-title" class="dataset-apps-title">{m.usedIn(apps.length)}</h2>
      {apps.length ? (
        <ul class="dataset-apps-list">
          {apps.map((a) => (
            <li><a href={href(lang, `/apps/${a.id}`)}>{pick(lang, a.name_zh, a.name_en)}</a> <span class="muted">{m.kinds[a.kind] ?? a.kind}{a.is_demo ? ` · ${m.demo}` : ''}</span></li>
          ))}
        </ul>
      ) : <p class="muted">{m.usedInNone}</p>}
      <p>{submit}</p>
    </section>
  );
};
