import type { FC } from 'hono/jsx';
import type { FieldSpec } from '../../src/lib/field-spec.js';
import { messages, type Lang } from '../i18n.js';
import { YesNo } from './bits.js';

/** The schema as people read it: one row per field with both labels. */
export const FieldsTable: FC<{ lang: Lang; fields: FieldSpec[]; caption: string }> = ({ lang, fields, caption }) => {
  const m = messages[lang];
  const sep = lang === 'en' ? ', ' : '、';
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabindex={0}>
      <table class="data-table fields-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.fieldName}</th>
            <th scope="col">{m.fieldZh}</th>
            <th scope="col">{m.fieldEn}</th>
            <th scope="col">{m.fieldType}</th>
            <th scope="col">{m.fieldRequired}</th>
            <th scope="col">{m.fieldPk}</th>
            <th scope="col">{m.fieldDescription}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr>
              <th scope="row">
                <code>{f.name}</code>
              </th>
              <td lang="zh-CN">{f.label_zh}</td>
              <td lang="en">{f.label_en ?? ''}</td>
              <td>
                <code>{f.type}</code>
              </td>
              <td>
                <YesNo lang={lang} value={f.required} />
              </td>
              <td>
                <YesNo lang={lang} value={f.primary_key} />
              </td>
              <td>
                {f.description ?? ''}
                {f.enum?.length && !f.enum.every((v) => f.description?.includes(v)) ? (
                  <span class="enum">
                    {m.enumValues}
                    {m.colon}
                    {f.enum.join(sep)}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
