import type { FC } from 'hono/jsx';
import type { AppList } from '../../../src/apps/index.js';
import { href, pick, type Lang } from '../../i18n.js';
import { appsMessages } from './messages.js';
import { AppDemoBadge, DatasetLinks } from './parts.js';

/** The reviewer's department drill-down: approved apps naming the department's datasets, and how many. */
export const DepartmentApps: FC<{ lang: Lang; apps: AppList }> = ({ lang, apps }) => {
  const m = appsMessages[lang];
  return (
    <section class="stats-section department-apps" aria-labelledby="dept-apps">
      <h2 id="dept-apps">{m.deptApps}</h2>
      <p class="department-apps-count" data-count={apps.total}>{apps.total ? m.deptAppsCount(apps.total) : m.deptAppsNone}</p>
      {apps.items.length ? (
        <ul class="dataset-apps-list">
          {apps.items.map((a) => (
            <li data-app={a.id}>
              <a href={href(lang, `/apps/${a.id}`)}>{pick(lang, a.name_zh, a.name_en)}</a> <span class="muted">{m.kinds[a.kind] ?? a.kind}</span>{' '}
              <AppDemoBadge lang={lang} demo={a.is_demo} />
              <div class="muted">{m.datasetsUsed}{lang === 'en' ? ': ' : '：'}<DatasetLinks lang={lang} datasets={a.datasets.map((d) => ({ id: d.id, title: pick(lang, d.title_zh, d.title_en) }))} /></div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};
