import type { FC } from 'hono/jsx';
import type { ArtifactInfo } from '../../src/versions/index.js';
import { href, type Lang } from '../i18n.js';
import { DownloadButtons } from './downloads.js';

const text = {
  zh: {
    title: '获取数据',
    download: (n: number) => `下载（第 ${n} 版）`,
    excelNote: 'Excel 用 CSV 与 XLSX 以中文字段名作表头；CSV、JSON、NDJSON 保留英文字段名，便于程序读取。',
    api: 'API 接口',
    apply: '申请使用',
    applyNote: '本数据集为有条件开放数据：提交使用申请，经提供部门批准后即可下载和调用。',
    order: '以本部门名义申请（加入需求清单）',
    correct: '数据纠错',
    none: '暂无已发布的版本可供下载。',
  },
  en: {
    title: 'Get the data',
    download: (n: number) => `Download (version ${n})`,
    excelNote: 'CSV for Excel and XLSX are headed by the Chinese field labels; CSV, JSON and NDJSON keep the field names for programs.',
    api: 'API',
    apply: 'Apply for this data',
    applyNote: 'This dataset is open on conditions: apply, and once the providing department approves you can download it and call its API.',
    order: 'Apply for it for your department (add to the request list)',
    correct: 'Report an error',
    none: 'No published version to download yet.',
  },
};

type Props = {
  lang: Lang;
  datasetId: string;
  openType: 'open' | 'conditional';
  /** The latest published version and its files, if any. */
  latest: { n: number; artifacts: Record<string, ArtifactInfo> } | null;
  downloadable: boolean;
};

/**
 * What a visitor came for, right under the title: the files of the latest version (CSV for Excel first) and the API.
 * Open data: 下载 is the action, ordering for a department a quiet link to the demand board. Conditional data: 申请使用.
 */
export const DatasetGet: FC<Props> = ({ lang, datasetId, openType, latest, downloadable }) => {
  const t = text[lang];
  const id = encodeURIComponent(datasetId);
  const cart = href(lang, `/demand/cart/add?dataset=${id}`);
  const conditional = openType === 'conditional';
  return (
    <section class="dataset-get" aria-labelledby="get-title">
      <h2 id="get-title" class="visually-hidden">{t.title}</h2>
      {conditional ? (
        <p class="get-apply">
          <a class="get-apply-button" href={cart}>{t.apply}</a> <span class="muted">{downloadable ? '' : t.applyNote}</span>
        </p>
      ) : null}
      {downloadable && latest ? (
        <div class="get-download" role="group" aria-labelledby="get-download-label">
          <p id="get-download-label" class="get-label">{t.download(latest.n)}</p>
          <DownloadButtons lang={lang} datasetId={datasetId} n={latest.n} artifacts={latest.artifacts} />
          <p class="muted get-note">{t.excelNote}</p>
        </div>
      ) : downloadable ? <p class="empty">{t.none}</p> : null}
      <p class="get-more">
        <a href="#api">{t.api}</a>
        {conditional ? null : <> · <a href={cart}>{t.order}</a></>}
        {' · '}<a href={href(lang, `/demand/new?kind=correction&dataset=${id}`)}>{t.correct}</a>
      </p>
    </section>
  );
};
