import type { FC } from 'hono/jsx';
import type { loadDatasetPage } from '../loaders/catalog.js';
import { href, messages, pick, type Lang } from '../i18n.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../components/layout.js';
import { OpenTypeBadge } from '../components/bits.js';
import { DatasetFacts } from '../components/dataset-facts.js';
import { MetadataTable } from '../components/metadata-table.js';
import { FieldsTable } from '../components/fields-table.js';
import { VersionsList } from '../components/versions-list.js';
import { PreviewTable } from '../components/preview-table.js';
import { ApiExamples } from '../components/api-examples.js';
import { DatasetHead } from '../components/search-head.js';
import { DatasetGet } from '../components/dataset-get.js';
import { formatNumber } from '../format.js';
import { DatasetApps } from './apps/dataset-apps.js';
import { QualitySection } from '../components/quality-section.js';

type Data = Awaited<ReturnType<typeof loadDatasetPage>>;

const Contents: FC<{ lang: Lang }> = ({ lang }) => {
  const m = messages[lang];
  const items = [
    ['metadata', m.metadata],
    ['fields', m.fields],
    ['versions', m.versions],
    ['preview', m.preview],
    ['api', lang === 'en' ? 'API examples' : 'API 调用示例'],
  ];
  return (
    <nav class="page-toc" aria-label={lang === 'en' ? 'On this page' : '本页内容'}>
      <ul>
        {items.map(([id, label]) => (
          <li>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
};

export const DatasetPage: FC<{ lang: Lang; url: string; user?: Viewer; data: Data; origin: string }> = ({ lang, url, user, data, origin }) => {
  const m = messages[lang];
  const { row, versions } = data;
  const title = pick(lang, row.title_zh, row.title_en);
  const json = `/api/v1/datasets/${row.id}`;
  const { downloadable } = data;
  const latest = versions.find((v) => v.n === row.latest_version && v.status === 'published');
  const latestFiles = latest ? { n: latest.n, artifacts: latest.artifacts } : null;
  return (
    <Layout meta={{ lang, url, user, title, section: 'catalog', json, description: pick(lang, row.summary_zh, row.summary_en), head: <DatasetHead lang={lang} origin={origin} data={data} /> }}>
      <div class="container">
        <Breadcrumbs lang={lang} items={[{ label: m.navHome, to: href(lang, '/') }, { label: m.catalogTitle, to: href(lang, '/datasets') }, { label: title }]} />
        <PageHead lang={lang} title={title} json={json}>
          <p class="subtitle">
            <OpenTypeBadge lang={lang} openType={row.open_type} />{' '}
            <span lang={lang === 'en' ? 'zh-CN' : 'en'}>{lang === 'en' ? row.title_zh : row.title_en}</span>
          </p>
        </PageHead>
        <DatasetGet lang={lang} datasetId={row.id} openType={row.open_type} latest={latestFiles} downloadable={downloadable} />
        <p class="lead">{pick(lang, row.summary_zh, row.summary_en)}</p>
        <DatasetFacts lang={lang} row={row} departmentName={pick(lang, row.department_zh, row.department_en)} class="summary-facts">
          <div>
            <dt>{m.figVersions}</dt>
            <dd>{versions.length}</dd>
          </div>
          <div class="dataset-views">
            <dt>{lang === 'en' ? 'Page views' : '浏览次数'}</dt>
            <dd>{formatNumber(data.views.views, lang)}</dd>
          </div>
        </DatasetFacts>
        <DatasetApps lang={lang} datasetId={row.id} apps={data.apps} />
        <Contents lang={lang} />
        <section id="metadata" aria-labelledby="metadata-title">
          <h2 id="metadata-title">{m.metadata}</h2>
          <MetadataTable lang={lang} row={row} department={data.department} related={data.related} />
        </section>
        <section id="fields">
          <h2 id="fields-title">{m.fields}</h2>
          <FieldsTable lang={lang} fields={row.schema} caption={m.fields} />
        </section>
        <section id="versions" aria-labelledby="versions-title">
          <h2 id="versions-title">{m.versions}</h2>
          {downloadable ? null : <p class="notice">{m.conditionalDownloads}</p>}
          <VersionsList lang={lang} datasetId={row.id} latest={row.latest_version} versions={versions} downloadable={downloadable} />
        </section>
        <QualitySection lang={lang} n={row.latest_version} profile={data.quality} showExamples={downloadable} />
        <section id="preview">
          <h2 id="preview-title">{m.preview}</h2>
          <PreviewTable lang={lang} preview={data.preview} />
        </section>
        <ApiExamples lang={lang} origin={origin} row={row} preview={data.preview} />
      </div>
    </Layout>
  );
};
