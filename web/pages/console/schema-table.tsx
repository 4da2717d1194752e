import type { FC } from 'hono/jsx';
import { fieldTypes } from '../../../src/lib/field-spec.js';
import type { Lang } from '../../i18n.js';
import type { DatasetFormValues, FieldRowValues, FormErrors } from './dataset-form.js';
import { consoleMessages } from './messages.js';

type CellProps = { id: string; label: string; value: string; error?: string; maxlength: number; lang?: string };

const TextCell: FC<CellProps> = ({ id, label, value, error, maxlength, lang }) => (
  <td class={error ? 'has-error' : undefined}>
    <input id={id} name={id} type="text" value={value} maxlength={maxlength} aria-label={label} lang={lang} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    {error ? <span class="field-error" id={`${id}-error`}>{error}</span> : null}
  </td>
);

const SchemaRow: FC<{ lang: Lang; i: number; row: FieldRowValues; pk: number | null; errors: FormErrors }> = ({ lang, i, row, pk, errors }) => {
  const c = consoleMessages[lang];
  const at = (what: string) => `${c.fieldRow(i + 1)} ${what}`;
  const p = `f${i}_`;
  return (
    <tr>
      <th scope="row" class="num">{i + 1}</th>
      <TextCell id={`${p}name`} label={at(c.fieldName)} value={row.name} error={errors[`${p}name`]} maxlength={63} />
      <TextCell id={`${p}label_zh`} label={at(c.fieldLabelZh)} value={row.label_zh} error={errors[`${p}label_zh`]} maxlength={100} lang="zh-CN" />
      <TextCell id={`${p}label_en`} label={at(c.fieldLabelEn)} value={row.label_en} error={errors[`${p}label_en`]} maxlength={100} lang="en" />
      <td class={errors[`${p}type`] ? 'has-error' : undefined}>
        <select id={`${p}type`} name={`${p}type`} aria-label={at(c.fieldType)}>
          {fieldTypes.map((t) => (
            <option value={t} selected={t === row.type}>{c.types[t] ?? t}</option>
          ))}
        </select>
      </td>
      <td class={errors[`${p}required`] ? 'has-error center' : 'center'}>
        <input id={`${p}required`} name={`${p}required`} type="checkbox" checked={row.required} aria-label={at(c.fieldRequired)} />
      </td>
      <td class="center">
        <input id={`${p}pk`} name="primary_key" type="radio" value={String(i)} checked={pk === i} aria-label={at(c.fieldPk)} />
      </td>
    </tr>
  );
};

/** The field schema as a table of blank-able rows; more rows come from a submit button, so no script is needed. */
export const SchemaTable: FC<{ lang: Lang; values: DatasetFormValues; errors: FormErrors }> = ({ lang, values, errors }) => {
  const c = consoleMessages[lang];
  return (
    <fieldset class={errors.fields ? 'schema-fieldset has-error' : 'schema-fieldset'} id="schema" tabindex={-1}>
      <legend>{c.schema}</legend>
      <p class="hint" id="schema-hint">{c.schemaIntro}</p>
      {errors.fields ? <p class="field-error" id="schema-error">{errors.fields}</p> : null}
      <input type="hidden" name="rows" value={String(values.rows.length)} />
      <div class="table-scroll" role="region" aria-label={c.schema} tabindex={0}>
        <table class="data-table schema-table" aria-describedby={errors.fields ? 'schema-hint schema-error' : 'schema-hint'}>
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">{c.fieldName}</th>
              <th scope="col">{c.fieldLabelZh}</th>
              <th scope="col">{c.fieldLabelEn}</th>
              <th scope="col">{c.fieldType}</th>
              <th scope="col">{c.fieldRequired}</th>
              <th scope="col">{c.fieldPk}</th>
            </tr>
          </thead>
          <tbody>
            {values.rows.map((row, i) => (
              <SchemaRow lang={lang} i={i} row={row} pk={values.pk} errors={errors} />
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="submit" name="action" value="add_rows" class="button-secondary" formnovalidate>{c.addRows}</button>
      </p>
    </fieldset>
  );
};
