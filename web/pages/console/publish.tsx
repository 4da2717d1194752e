import type { FC } from 'hono/jsx';
import type { FieldSpec } from '../../../src/lib/field-spec.js';
import type { ProblemDetail } from '../../../src/lib/errors.js';
import { problemText } from '../../../src/versions/index.js';
import { href, messages, pick, type Lang } from '../../i18n.js';
import { FieldsTable } from '../../components/fields-table.js';
import { DataTable } from '../../components/data-table.js';
import { consoleMessages } from './messages.js';
import { ConsoleShell, Flash, type ConsoleUser } from './shell.js';

export type PublishTarget = { id: string; title_zh: string; title_en: string; schema: FieldSpec[]; latest_version: number | null };

/** What went wrong with an upload: a message, field-level hints, and the row-level problems of the file. */
export type PublishFailure = {
  /** What the reader sees first, in their language. */
  heading?: string;
  /** The service's own explanation (in English), when it adds something. */
  detail?: string;
  fields?: { file?: string; change_note?: string };
  problems?: { errors: ProblemDetail[]; count: number };
};

const cellText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

const ProblemsTable: FC<{ lang: Lang; errors: ProblemDetail[]; schema: FieldSpec[] }> = ({ lang, errors, schema }) => {
  const c = consoleMessages[lang];
  const labels = new Map(schema.map((f) => [f.name, lang === 'en' ? f.label_en : f.label_zh]));
  return (
    <div class="table-scroll" role="region" aria-labelledby="problems-caption" tabindex={0}>
      <DataTable
        class="problems-table"
        caption={c.errorTable}
        captionId="problems-caption"
        rows={errors}
        columns={[
          { header: c.row, numeric: true, cell: (e) => e.row ?? '' },
          {
            header: c.column,
            cell: (e) => (
              <>
                {e.column ? <code>{e.column}</code> : ''}
                {e.column && labels.get(e.column) ? <span class="console-sub">{labels.get(e.column)}</span> : null}
              </>
            ),
          },
          { header: c.value, cell: (e) => <code class="cell-value">{cellText(e.value)}</code> },
          // Worded from the problem's code in the page's language (the service's own words for a problem without one).
          { header: c.message, cell: (e) => problemText(lang, e) },
        ]}
      />
    </div>
  );
};

const FailureSummary: FC<{ lang: Lang; failure: PublishFailure; schema: FieldSpec[] }> = ({ lang, failure, schema }) => {
  const c = consoleMessages[lang];
  const { problems, heading, detail } = failure;
  if (!problems && !heading) return null;
  return (
    <section class="upload-result" aria-labelledby="result-title">
      <div class="error-summary" role="alert" tabindex={-1} id="result-summary">
        <h2 id="result-title">{problems ? c.problems(problems.count) : heading}</h2>
        {problems && problems.count > problems.errors.length ? <p>{c.problemsShown(problems.errors.length)}</p> : null}
        {detail ? <p lang="en">{detail}</p> : null}
        <p>{c.fixAndRetry}</p>
      </div>
      {problems && problems.errors.length ? <ProblemsTable lang={lang} errors={problems.errors} schema={schema} /> : null}
    </section>
  );
};

type Props = { lang: Lang; url: string; user: ConsoleUser; dataset: PublishTarget; changeNote?: string; failure?: PublishFailure; created?: boolean };

/** Upload form for the next version; after a refused upload it shows why, row by row. */
export const PublishPage: FC<Props> = ({ lang, url, user, dataset, changeNote = '', failure = {}, created }) => {
  const c = consoleMessages[lang];
  const title = pick(lang, dataset.title_zh, dataset.title_en);
  const action = href(lang, `/console/datasets/${dataset.id}/publish`);
  const err = failure.fields ?? {};
  return (
    <ConsoleShell lang={lang} url={url} title={c.publishTitle(title)} user={user} crumbs={[{ label: c.publishTitle(title) }]} script>
      <h1>{c.publishTitle(title)}</h1>
      <Flash text={created ? c.created(title) : null} />
      <p class="lead">{c.publishIntro}</p>
      <FailureSummary lang={lang} failure={failure} schema={dataset.schema} />
      <form class="console-form" method="post" action={action} enctype="multipart/form-data" data-upload>
        <div class={err.file ? 'form-row has-error' : 'form-row'}>
          <label for="file">{c.file}</label>
          <p class="hint" id="file-hint">{c.fileHint}</p>
          {err.file ? <p class="field-error" id="file-error">{err.file}</p> : null}
          <input id="file" name="file" type="file" required accept=".csv,.xlsx,.json,.ndjson,.txt,text/csv,application/json" aria-describedby={err.file ? 'file-hint file-error' : 'file-hint'} aria-invalid={err.file ? 'true' : undefined} />
        </div>
        <div class={err.change_note ? 'form-row has-error' : 'form-row'}>
          <label for="change_note">{c.changeNote}</label>
          <p class="hint" id="note-hint">{c.changeNoteHint}</p>
          {err.change_note ? <p class="field-error" id="note-error">{err.change_note}</p> : null}
          <textarea id="change_note" name="change_note" rows={3} required maxlength={2000} aria-describedby={err.change_note ? 'note-hint note-error' : 'note-hint'} aria-invalid={err.change_note ? 'true' : undefined}>{changeNote}</textarea>
        </div>
        <div class="upload-progress" hidden aria-live="polite">
          <label for="upload-bar" class="upload-label">{c.uploading}</label>
          <progress id="upload-bar" max={100} value={0}></progress>
          <span class="upload-percent">0%</span>
        </div>
        <p class="form-actions">
          <button type="submit" class="button-primary">{c.submitPublish}</button>
          <a href={href(lang, '/console')}>{c.cancel}</a>
        </p>
        <template id="upload-messages" data-uploading={c.uploading} data-processing={c.processing} data-failed={c.uploadFailed}></template>
      </form>
      <details class="expected-fields">
        <summary>{c.currentFields}</summary>
        <FieldsTable lang={lang} fields={dataset.schema} caption={messages[lang].fields} />
      </details>
    </ConsoleShell>
  );
};
