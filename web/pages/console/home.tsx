import type { FC } from 'hono/jsx';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { formatDateTime, formatNumber } from '../../format.js';
import type { Choice, ConsoleDataset } from '../../../src/catalog/index.js';
import { consoleMessages } from './messages.js';
import { ConsoleShell, type ConsoleUser } from './shell.js';
import { DataTable, type Column } from '../../components/data-table.js';

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

/** A dataset per row; `departmentName` only when datasets of several departments are listed. */
function datasetColumns(lang: Lang, departmentName: (id: string) => string | undefined): Column<ConsoleDataset>[] {
  const c = consoleMessages[lang];
  const m = messages[lang];
  const base = (d: ConsoleDataset) => href(lang, `/console/datasets/${d.id}`);
  return [
    {
      header: c.dataset,
      rowHeader: true,
      cell: (d) => {
        const dept = departmentName(d.department_id);
        return (
          <>
            <a href={href(lang, `/datasets/${d.id}`)}>{pick(lang, d.title_zh, d.title_en)}</a>
            <span class="console-sub"><code>{d.id}</code>{dept ? ` · ${dept}` : ''}</span>
          </>
        );
      },
    },
    { header: c.latestVersion, cell: (d) => (d.latest_version ? m.version(d.latest_version) : <span class="muted">{c.neverPublished}</span>) },
    { header: c.lastUpdate, cell: (d) => (d.last_published_at ? <time datetime={d.last_published_at}>{formatDateTime(d.last_published_at)}</time> : '—') },
    { header: c.frequency, cell: (d) => m.frequency[d.update_frequency] ?? d.update_frequency },
    {
      header: c.status,
      cell: (d) => (d.overdue ? <span class="badge badge-overdue" title={c.overdueTitle}>{c.overdue}</span> : <span class="badge badge-ontime">{c.onTime}</span>),
    },
    { header: c.rows, numeric: true, cell: (d) => formatNumber(d.records, lang) },
    {
      header: c.actions,
      cell: (d) => (
        <ul class="console-actions">
          <li><a href={`${base(d)}/publish`}>{c.publish}</a></li>
          <li><a href={`${base(d)}/edit`}>{c.edit}</a></li>
          <li><a href={`${base(d)}/versions`}>{c.versions}</a></li>
        </ul>
      ),
    },
  ];
}

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
      <p class="console-apps-link"><a href={href(lang, '/console/apps')}>{lang === 'en' ? 'App review (apps using your data)' : '应用审核（使用本部门数据的应用成果）'}</a></p>
      <p class="console-warnings-link"><a href={href(lang, '/console/warnings')}>{lang === 'en' ? "Warnings and rectification: your datasets' warnings, due dates and explanations" : '预警与整改：本部门数据集的预警、整改期限和情况说明'}</a></p>
      {user.role === 'admin' || user.role === 'dept_admin' ? <p class="console-audit-link"><a href={href(lang, '/admin/audit')}>{lang === 'en' ? 'Audit trail: who did what, when' : '审计日志：谁在何时做了什么'}</a></p> : null}
      {user.role === 'admin' || user.role === 'dept_admin' ? <p class="console-users-link"><a href={href(lang, '/console/users')}>{lang === 'en' ? "Department users: invitations, roles, disabling, two-step verification resets" : '部门人员：邀请、角色、停用和重置两步验证'}</a></p> : null}
      {departments ? <DepartmentSelector lang={lang} departments={departments} selected={department?.id ?? null} /> : null}
      <p class="results-count">{c.datasetCount(datasets.length, datasets.filter((d) => d.overdue).length)}</p>
      {datasets.length === 0 ? (
        <p class="empty">{c.noDatasets}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={c.consoleTitle} tabindex={0}>
          <DataTable
            class="console-table"
            rows={datasets}
            rowAttributes={(d) => ({ 'data-dataset': d.id })}
            columns={datasetColumns(lang, (id) => (department ? undefined : names.get(id)))}
          />
        </div>
      )}
    </ConsoleShell>
  );
};
