import type { FC } from 'hono/jsx';
import type { Preview } from '../loaders/catalog.js';
import type { RowValue } from '../../src/versions/rows/rows-table.js';
import { messages, pick, type Lang } from '../i18n.js';

function cell(lang: Lang, value: RowValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? messages[lang].yes : messages[lang].no;
  return String(value);
}

/** The first rows of the latest version, or why there are none. */
export const PreviewTable: FC<{ lang: Lang; preview: Preview }> = ({ lang, preview }) => {
  const m = messages[lang];
  if (!preview) return <p class="empty">{m.previewEmpty}</p>;
  if ('conditional' in preview) return <p class="notice">{m.conditionalNotice}</p>;
  if ('unavailable' in preview) return <p class="notice">{m.versionUnavailable}</p>;
  if (!preview.rows.length) return <p class="empty">{m.previewEmpty}</p>;
  return (
    <>
      <p class="muted">{m.previewNote(preview.rows.length, preview.total)}</p>
      <div class="table-scroll" role="region" aria-label={m.preview} tabindex={0}>
        <table class="data-table preview-table">
          <caption class="visually-hidden">{m.preview}</caption>
          <thead>
            <tr>
              {preview.fields.map((f) => (
                <th scope="col" title={f.name}>
                  {pick(lang, f.label_zh, f.label_en)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr>
                {preview.fields.map((f) => (
                  <td class={f.type === 'integer' || f.type === 'number' ? 'num' : undefined}>{cell(lang, row[f.name])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
};
