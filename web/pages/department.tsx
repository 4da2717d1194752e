import type { FC } from 'hono/jsx';
import type { CatalogRow, DepartmentRow } from '../../src/catalog/index.js';
import { href, messages, pick, type Lang } from '../i18n.js';
import { formatNumber } from '../format.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../components/layout.js';
import { DatasetList } from '../components/dataset-card.js';
import { DataTable } from '../components/data-table.js';
import { DepartmentFeedLink } from '../components/search-head.js';

export const DepartmentPage: FC<{ lang: Lang; url: string; user?: Viewer; department: DepartmentRow; datasets: CatalogRow[] }> = ({ lang, url, user, department: d, datasets }) => {
  const m = messages[lang];
  const name = pick(lang, d.name_zh, d.name_en);
  const json = `/api/v1/departments/${d.id}`;
  return (
    <Layout meta={{ lang, url, user, title: name, section: 'departments', json, head: <DepartmentFeedLink lang={lang} id={d.id} name={name} /> }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: m.navDepartments, to: href(lang, '/departments') }, { label: name }]} />
        <PageHead lang={lang} title={name} json={json}>
          {lang === 'en' ? <p class="subtitle" lang="zh-CN">{d.name_zh}</p> : <p class="subtitle" lang="en">{d.name_en}</p>}
        </PageHead>
        <dl class="summary-facts">
          <div>
            <dt>{m.departmentCode}</dt>
            <dd>{d.code}</dd>
          </div>
          <div>
            <dt>{m.figDatasets}</dt>
            <dd>{formatNumber(d.datasets, lang)}</dd>
          </div>
          <div>
            <dt>{m.figRecords}</dt>
            <dd>{formatNumber(d.records, lang)}</dd>
          </div>
          {d.contact_phone ? (
            <div>
              <dt>{m.phone}</dt>
              <dd>
                <a href={`tel:${d.contact_phone}`}>{d.contact_phone}</a>
              </dd>
            </div>
          ) : null}
          {d.contact_email ? (
            <div>
              <dt>{m.email}</dt>
              <dd>
                <a href={`mailto:${d.contact_email}`}>{d.contact_email}</a>
              </dd>
            </div>
          ) : null}
        </dl>
        <section aria-labelledby="dept-datasets">
          <h2 id="dept-datasets">
            {m.departmentDatasets} ({formatNumber(datasets.length, lang)})
          </h2>
          <DatasetList lang={lang} rows={datasets} />
        </section>
      </div>
    </Layout>
  );
};

export const DepartmentsPage: FC<{ lang: Lang; url: string; user?: Viewer; departments: DepartmentRow[] }> = ({ lang, url, user, departments }) => {
  const m = messages[lang];
  const json = '/api/v1/departments';
  return (
    <Layout meta={{ lang, url, user, title: m.departments, section: 'departments', json }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: m.navDepartments }]} />
        <PageHead lang={lang} title={m.departments} json={json} />
        <div class="table-scroll" role="region" aria-label={m.departments} tabindex={0}>
          <DataTable
            rows={departments}
            columns={[
              { header: m.department, rowHeader: true, cell: (d) => <a href={href(lang, `/departments/${d.id}`)}>{pick(lang, d.name_zh, d.name_en)}</a> },
              { header: m.departmentCode, cell: (d) => d.code },
              { header: m.figDatasets, numeric: true, cell: (d) => formatNumber(d.datasets, lang) },
              { header: m.figRecords, numeric: true, cell: (d) => formatNumber(d.records, lang) },
            ]}
          />
        </div>
      </div>
    </Layout>
  );
};
