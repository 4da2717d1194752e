import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatDateTime, formatNumber } from '../../format.js';
import type { Choice, ConsoleDataset } from '../../../src/catalog/console.store.js';
import { consoleMessages } from './messages.js';
import { ConsoleShell, type ConsoleUser } from './shell.js';

export type ConsoleHomeData = {
  datasets: ConsoleDataset[];
  /** The department shown, or null when an admin looks at all of them. */
  department: Choice | null;
  /** Every department, for the admin's selector; null for a publisher. */
  departments: Choice[] | null;
};

const DepartmentSelector: FC<{ lang: Lang; departments: Choice[]; selected: string | null }> = ({ lang, departments, selected }) => {
  const c = consoleMessages[lang];
  return (
    <form class="console-filter" method="get" action={href(lang, '/console')}>
      <label for="department">{c.departmentLabel}</label>
      <select id="department" name="department">
        <option value="" selected={!selected}>{c.allDepartments}</option>
        {departments.map((d) => (
          <option value={d.id} selected={d.id === selected}>{pick(lang, d.name_zh, d.name_en)}</option>
        ))}
      </select>
      <button type="submit" class="button-secondary">{c.show}</button>
    </form>
  );
};

const DatasetRow: FC<{ lang: Lang; d: ConsoleDataset; departmentName?: string }> = ({ lang, d, departmentName }) => {
  const c = consoleMessages[lang];
  const m = messages[lang];
  const base = href(lang, `/console/datasets/${d.id}`);
  return (
    <tr data-dataset={d.id}>
      <th scope="row">
        <a href={href(lang, `/datasets/${d.id}`)}>{pick(lang, d.title_zh, d.title_en)}</a>
        <span class="console-sub"><code>{d.id}</code>{departmentName ? ` · ${departmentName}` : ''}</span>
      </th>
      <td>{d.latest_version ? m.version(d.latest_version) : <span class="muted">{c.neverPublished}</span>}</td>
      <td>{d.last_published_at ? <time datetime={d.last_published_at}>{formatDateTime(d.last_published_at)}</time> : '—'}</td>
      <td>{m.frequency[d.update_frequency] ?? d.update_frequency}</td>
      <td>
        {d.overdue ? (
          <span class="badge badge-overdue" title={c.overdueTitle}>{c.overdue}</span>
        ) : (
          <span class="badge badge-ontime">{c.onTime}</span>
        )}
      </td>
      <td class="num">{formatNumber(d.records, lang)}</td>
      <td>
        <ul class="console-actions">
          <li><a href={`${base}/publish`}>{c.publish}</a></li>
          <li><a href={`${base}/edit`}>{c.edit}</a></li>
          <li><a href={`${base}/versions`}>{c.versions}</a></li>
        </ul>
      </td>
    </tr>
  );
};

/** The console home: one row per dataset of the department, overdue ones first. */
export const ConsoleHomePage: FC<{ lang: Lang; url: string; user: ConsoleUser; data: ConsoleHomeData }> = ({ lang, url, user, data }) => {
  const c = consoleMessages[lang];
  const { datasets, department, departments } = data;
  const names = new Map((departments ?? []).map((d) => [d.id, pick(lang, d.name_zh, d.name_en)]));
  const newHref = href(lang, '/console/datasets/new') + (department && departments ? `?department=${encodeURIComponent(department.id)}` : '');
  return (
    <ConsoleShell lang={lang} url={url} title={c.consoleTitle} user={user}>
      <div class="page-head">
        <div>
          <h1>{c.consoleTitle}</h1>
          <p class="subtitle">{department ? pick(lang, department.name_zh, department.name_en) : c.allDepartments}</p>
        </div>
        <a class="button-primary" href={newHref}>{c.newDataset}</a>
      </div>
      <p class="lead">{departments ? c.consoleIntroAll : c.consoleIntro}</p>
      {departments ? <DepartmentSelector lang={lang} departments={departments} selected={department?.id ?? null} /> : null}
      <p class="results-count">{c.datasetCount(datasets.length, datasets.filter((d) => d.overdue).length)}</p>
      {datasets.length === 0 ? (
        <p class="empty">{c.noDatasets}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={c.consoleTitle} tabindex={0}>
          <table class="data-table console-table">
            <thead>
              <tr>
                <th scope="col">{c.dataset}</th>
                <th scope="col">{c.latestVersion}</th>
                <th scope="col">{c.lastUpdate}</th>
                <th scope="col">{c.frequency}</th>
                <th scope="col">{c.status}</th>
                <th scope="col" class="num">{c.rows}</th>
                <th scope="col">{c.actions}</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <DatasetRow lang={lang} d={d} departmentName={department ? undefined : names.get(d.department_id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ConsoleShell>
  );
};
