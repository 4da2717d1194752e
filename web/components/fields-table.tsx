import type { FC } from 'hono/jsx';
import type { FieldSpec } from '../../src/lib/field-spec.js';
import { messages, type Lang } from '../i18n.js';
import { YesNo } from './bits.js';
import { DataTable } from './data-table.js';

/** The schema as people read it: one row per field with both labels. */
export const FieldsTable: FC<{ lang: Lang; fields: FieldSpec[]; caption: string }> = ({ lang, fields, caption }) => {
  const m = messages[lang];
  const sep = lang === 'en' ? ', ' : '、';
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabindex={0}>
      <DataTable
        class="fields-table"
        caption={caption}
        captionHidden
        rows={fields}
        columns={[
          { header: m.fieldName, rowHeader: true, cell: (f) => <code>{f.name}</code> },
          { header: m.fieldZh, lang: 'zh-CN', cell: (f) => f.label_zh },
          { header: m.fieldEn, lang: 'en', cell: (f) => f.label_en ?? '' },
          { header: m.fieldType, cell: (f) => <code>{f.type}</code> },
          { header: m.fieldRequired, cell: (f) => <YesNo lang={lang} value={f.required} /> },
          { header: m.fieldPk, cell: (f) => <YesNo lang={lang} value={f.primary_key} /> },
          {
            header: m.fieldDescription,
            cell: (f) => (
              <>
                {f.description ?? ''}
                {f.enum?.length && !f.enum.every((v) => f.description?.includes(v)) ? (
                  <span class="enum">
                    {m.enumValues}
                    {m.colon}
                    {f.enum.join(sep)}
                  </span>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </div>
  );
};
