import type { FC } from 'hono/jsx';
import type { Preview } from '../loaders/catalog.js';
import type { RowValue } from '../../src/versions/index.js';
import { messages, pick, type Lang } from '../i18n.js';
import { DataTable } from './data-table.js';

function cell(lang: Lang, value: RowValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? messages[lang].yes : messages[lang].no;
  return String(value);
}

const newestNote: Record<Lang, (n: number, total: number, field: string) => string> = {
  zh: (n, total, field) => `最新版本中按“${field}”最新的 ${n} 条数据，由新到旧（共 ${total.toLocaleString('zh-CN')} 条）。`,
  en: (n, total, field) => `The ${n} newest records of the latest version by “${field}”, newest first (of ${total.toLocaleString('en')}).`,
};

/** The first rows of the latest version (a time series: its newest rows), or why there are none. */
export const PreviewTable: FC<{ lang: Lang; preview: Preview }> = ({ lang, preview }) => {
  const m = messages[lang];
  if (!preview) return <p class="empty">{m.previewEmpty}</p>;
  if ('conditional' in preview) return <p class="notice">{m.conditionalNotice}</p>;
  if ('unavailable' in preview) return <p class="notice">{m.versionUnavailable}</p>;
  if (!preview.rows.length) return <p class="empty">{m.previewEmpty}</p>;
  return (
    <>
      <p class="muted">
        {preview.newestBy ? newestNote[lang](preview.rows.length, preview.total, pick(lang, preview.newestBy.label_zh, preview.newestBy.label_en)) : m.previewNote(preview.rows.length, preview.total)}
      </p>
      <div class="table-scroll" role="region" aria-label={m.preview} tabindex={0}>
        <DataTable
          class="preview-table"
          caption={m.preview}
          captionHidden
          rows={preview.rows}
          columns={preview.fields.map((f) => ({ header: pick(lang, f.label_zh, f.label_en), title: f.name, numeric: f.type === 'integer' || f.type === 'number', cell: (row: (typeof preview.rows)[number]) => cell(lang, row[f.name]) }))}
        />
      </div>
    </>
  );
};
