import type { FC } from 'hono/jsx';
import type { VersionRow } from '../loaders/catalog.js';
import { href, messages, type Lang } from '../i18n.js';
import { formatDateTime, formatNumber } from '../format.js';
import { DownloadButtons } from './downloads.js';

type Props = { lang: Lang; datasetId: string; latest: number | null; versions: VersionRow[]; downloadable: boolean };

const VersionItem: FC<Omit<Props, 'versions'> & { v: VersionRow }> = ({ lang, datasetId, latest, v, downloadable }) => {
  const m = messages[lang];
  const withdrawn = v.status === 'withdrawn';
  return (
    <li class={withdrawn ? 'version withdrawn' : 'version'} data-version={v.n}>
      <div class="version-head">
        <h3>
          <a href={href(lang, `/datasets/${datasetId}/versions/${v.n}`)}>{m.version(v.n)}</a>
        </h3>
        {v.n === latest && !withdrawn ? <span class="badge badge-latest">{m.latest}</span> : null}
        {withdrawn ? <span class="badge badge-withdrawn">{m.withdrawn}</span> : null}
        <time datetime={v.publishedAt}>{formatDateTime(v.publishedAt)}</time>
      </div>
      <dl class="version-facts">
        <div>
          <dt>{m.rowCount}</dt>
          <dd>{formatNumber(v.rowCount, lang)}</dd>
        </div>
        <div>
          <dt>{m.diff}</dt>
          <dd class="diff">{v.diff ? m.diffText(v.diff.added, v.diff.removed, v.diff.changed) : m.firstVersion}</dd>
        </div>
        <div class="wide">
          <dt>{m.changeNote}</dt>
          <dd>{v.changeNote}</dd>
        </div>
        {withdrawn && v.withdrawnReason ? (
          <div class="wide">
            <dt>{m.withdrawnReason}</dt>
            <dd>{v.withdrawnReason}</dd>
          </div>
        ) : null}
      </dl>
      {!withdrawn && downloadable ? <DownloadButtons lang={lang} datasetId={datasetId} n={v.n} artifacts={v.artifacts} /> : null}
    </li>
  );
};

/** Every version, newest first, withdrawn ones kept with their reason. */
export const VersionsList: FC<Props> = (props) => (
  <ol class="versions">
    {props.versions.map((v) => (
      <VersionItem {...props} v={v} />
    ))}
  </ol>
);
