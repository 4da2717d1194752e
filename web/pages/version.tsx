import type { FC } from 'hono/jsx';
import type { loadVersionPage } from '../loaders/catalog.js';
import { artifactUrl } from '../../src/versions/index.js';
import { href, messages, pick, type Lang } from '../i18n.js';
import { formatDateTime, formatNumber, humanBytes } from '../format.js';
import { Breadcrumbs, Layout, PageHead, type Viewer } from '../components/layout.js';
import { FieldsTable } from '../components/fields-table.js';
import { DataTable } from '../components/data-table.js';
import { shownArtifacts } from '../components/downloads.js';

type Data = Awaited<ReturnType<typeof loadVersionPage>>;

const FilesTable: FC<{ lang: Lang; data: Data }> = ({ lang, data }) => {
  const m = messages[lang];
  const { row, version } = data;
  return (
    <div class="table-scroll" role="region" aria-label={m.files} tabindex={0}>
      <DataTable
        class="files-table"
        caption={m.files}
        captionHidden
        rows={shownArtifacts.map((key) => ({ key, info: version.artifacts[key] }))}
        columns={[
          { header: m.fileFormat, rowHeader: true, cell: ({ key }) => <a href={artifactUrl(row.id, version.n, key)} download>{m.dl[key] ?? key}</a> },
          { header: m.fileSize, numeric: true, cell: ({ info }) => (info ? humanBytes(info.bytes) : <span class="muted">{m.sizeUnknown}</span>) },
          { header: m.fileChecksum, cell: ({ info }) => (info ? <code class="sha">{info.sha256}</code> : '') },
        ]}
      />
    </div>
  );
};

export const VersionPage: FC<{ lang: Lang; url: string; user?: Viewer; data: Data }> = ({ lang, url, user, data }) => {
  const m = messages[lang];
  const { row, version: v } = data;
  const title = pick(lang, row.title_zh, row.title_en);
  const heading = `${title} · ${m.version(v.n)}`;
  const json = `/api/v1/datasets/${row.id}/versions/${v.n}`;
  const datasetHref = href(lang, `/datasets/${row.id}`);
  const withdrawn = v.status === 'withdrawn';
  return (
    <Layout meta={{ lang, url, user, title: heading, section: 'catalog', json }}>
      <div class="container">
        <Breadcrumbs
          lang={lang}
          items={[{ label: m.navHome, to: href(lang, '/') }, { label: m.catalogTitle, to: href(lang, '/datasets') }, { label: title, to: datasetHref }, { label: m.version(v.n) }]}
        />
        <PageHead lang={lang} title={heading} json={json}>
          <p class="subtitle">
            <a href={datasetHref}>← {m.backToDataset}</a>
          </p>
        </PageHead>
        <dl class="summary-facts">
          <div>
            <dt>{m.versionDate}</dt>
            <dd>
              <time datetime={v.publishedAt}>{formatDateTime(v.publishedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{m.rowCount}</dt>
            <dd>{formatNumber(v.rowCount, lang)}</dd>
          </div>
          <div>
            <dt>{m.diff}</dt>
            <dd>{v.diff ? m.diffText(v.diff.added, v.diff.removed, v.diff.changed) : m.firstVersion}</dd>
          </div>
        </dl>
        <p class="lead">
          <strong>
            {m.changeNote}
            {m.colon}
          </strong>
          {v.changeNote}
        </p>
        {withdrawn ? (
          <p class="notice">
            <strong>{m.withdrawn}</strong> {v.withdrawnReason ? `${m.withdrawnReason}${m.colon}${v.withdrawnReason}` : ''}
          </p>
        ) : null}
        {v.unavailableReason ? <p class="notice">{m.versionUnavailable}</p> : null}
        <section>
          <h2 id="files-title">{m.files}</h2>
          {withdrawn ? null : data.downloadable ? (
            <>
              <FilesTable lang={lang} data={data} />
              <p>
                <a href={`/api/v1/datasets/${row.id}/versions/${v.n}/datapackage.json`} type="application/json">
                  {m.datapackage}
                </a>
              </p>
            </>
          ) : (
            <p class="notice">{m.conditionalDownloads}</p>
          )}
        </section>
        <section>
          <h2 id="schema-title">{m.schema}</h2>
          <FieldsTable lang={lang} fields={v.schema} caption={m.schema} />
        </section>
      </div>
    </Layout>
  );
};
