import type { FC } from 'hono/jsx';
import { frequencies, type Choice } from '../../../src/catalog/index.js';
import { href, messages, pick, type Lang } from '../../i18n.js';
import type { DatasetFormValues, FormErrors } from './dataset-form.js';
import { ErrorSummary, SelectField, TextField } from './form-controls.js';
import { SchemaTable } from './schema-table.js';
import { consoleMessages } from './messages.js';
import { ConsoleShell, Flash, type ConsoleUser } from './shell.js';

export type DatasetFormData = {
  mode: 'new' | 'edit';
  values: DatasetFormValues;
  errors: FormErrors;
  themes: Choice[];
  /** Departments an admin may choose from; a publisher's own department otherwise. */
  departments: Choice[];
  /** After a successful edit: how many fields changed. */
  saved?: number;
};

const choices = (lang: Lang, list: Choice[]) => list.map((c) => ({ value: c.id, label: pick(lang, c.name_zh, c.name_en) }));

const MetadataFields: FC<{ lang: Lang; data: DatasetFormData }> = ({ lang, data }) => {
  const c = consoleMessages[lang];
  const m = messages[lang];
  const { values: v, errors: e } = data;
  return (
    <fieldset class="metadata-fieldset">
      <legend>{c.metadata}</legend>
      {data.mode === 'new' ? (
        <>
          <TextField name="id" label={c.id} value={v.id} error={e.id} hint={c.idHint} required maxlength={80} />
          <TextField name="code" label={c.code} value={v.code} error={e.code} required maxlength={100} />
          {data.departments.length > 1 ? (
            <SelectField name="department" label={c.departmentLabel} value={v.department} options={choices(lang, data.departments)} error={e.department} placeholder="" />
          ) : (
            <input type="hidden" name="department" value={v.department} />
          )}
        </>
      ) : null}
      <TextField name="title_zh" label={c.titleZh} value={v.title_zh} error={e.title_zh} required maxlength={200} lang="zh-CN" />
      <TextField name="title_en" label={c.titleEn} value={v.title_en} error={e.title_en} required maxlength={200} lang="en" />
      <TextField name="summary_zh" label={c.summaryZh} value={v.summary_zh} error={e.summary_zh} required maxlength={4000} multiline lang="zh-CN" />
      <TextField name="summary_en" label={c.summaryEn} value={v.summary_en} error={e.summary_en} required maxlength={4000} multiline lang="en" />
      <SelectField name="theme" label={c.theme} value={v.theme} options={choices(lang, data.themes)} error={e.theme} placeholder="" />
      <SelectField name="open_type" label={c.openType} value={v.open_type} options={[{ value: 'open', label: c.open }, { value: 'conditional', label: c.conditional }]} error={e.open_type} />
      <SelectField name="update_frequency" label={c.frequency} value={v.update_frequency} options={frequencies.map((f) => ({ value: f, label: m.frequency[f] ?? f }))} error={e.update_frequency} />
      <TextField name="keywords" label={c.keywords} value={v.keywords} error={e.keywords} hint={c.keywordsHint} maxlength={1000} lang="zh-CN" />
      <TextField name="keywords_en" label={c.keywordsEn} value={v.keywords_en} error={e.keywords_en} hint={c.keywordsHint} maxlength={1000} lang="en" />
    </fieldset>
  );
};

/** Create a dataset (metadata and field schema) or edit an existing one's metadata. */
export const DatasetFormPage: FC<{ lang: Lang; url: string; user: ConsoleUser; data: DatasetFormData; datasetTitle?: string }> = ({ lang, url, user, data, datasetTitle }) => {
  const c = consoleMessages[lang];
  const isNew = data.mode === 'new';
  const title = isNew ? c.newTitle : c.editTitle(datasetTitle ?? data.values.id);
  const action = href(lang, isNew ? '/console/datasets/new' : `/console/datasets/${data.values.id}/edit`);
  const labels: Record<string, string> = {
    id: c.id, code: c.code, department: c.departmentLabel, title_zh: c.titleZh, title_en: c.titleEn, summary_zh: c.summaryZh, summary_en: c.summaryEn,
    theme: c.theme, open_type: c.openType, update_frequency: c.frequency, keywords: c.keywords, keywords_en: c.keywordsEn, fields: c.schema,
  };
  const rowKeys = Object.keys(data.errors).filter((k) => /^f\d+_/.test(k)).sort((a, b) => parseInt(a.slice(1)) - parseInt(b.slice(1)));
  for (const key of rowKeys) labels[key] = `${c.schema} ${c.fieldRow(parseInt(key.slice(1)) + 1)}`;
  // The summary lists problems in the order of the form.
  const order = [...Object.keys(labels).filter((k) => k !== 'fields'), 'fields', 'form'];
  const errors = Object.fromEntries(order.filter((k) => data.errors[k]).map((k) => [k, data.errors[k]!]));
  return (
    <ConsoleShell lang={lang} url={url} title={title} user={user} crumbs={[{ label: title }]} script>
      <h1>{title}</h1>
      {isNew ? null : <p class="lead">{c.editIntro}</p>}
      <Flash text={data.saved !== undefined ? c.saved(data.saved) : null} />
      <ErrorSummary lang={lang} errors={errors} labels={labels} />
      <form class="console-form" method="post" action={action}>
        <MetadataFields lang={lang} data={data} />
        {isNew ? <SchemaTable lang={lang} values={data.values} errors={data.errors} /> : null}
        <p class="form-actions">
          <button type="submit" name="action" value="save" class="button-primary">{isNew ? c.create : c.save}</button>
          <a href={href(lang, '/console')}>{c.cancel}</a>
        </p>
      </form>
    </ConsoleShell>
  );
};
