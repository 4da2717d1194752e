import type { FC } from 'hono/jsx';
import type { Lang } from '../../i18n.js';
import type { FormErrors } from './dataset-form.js';
import { consoleMessages } from './messages.js';

type FieldProps = { name: string; label: string; value: string; error?: string; hint?: string; required?: boolean; maxlength?: number; multiline?: boolean; lang?: string };

/** A labelled text input (or textarea) with its hint and error tied to it for screen readers. */
export const TextField: FC<FieldProps> = ({ name, label, value, error, hint, required, maxlength, multiline, lang }) => {
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id: name, name, required, maxlength, lang, 'aria-describedby': describedBy, 'aria-invalid': error ? 'true' : undefined };
  return (
    <div class={error ? 'form-row has-error' : 'form-row'}>
      <label for={name}>{label}</label>
      {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${name}-error`}>{error}</p> : null}
      {multiline ? <textarea {...common} rows={3}>{value}</textarea> : <input {...common} type="text" value={value} />}
    </div>
  );
};

export type Option = { value: string; label: string };

export const SelectField: FC<{ name: string; label: string; value: string; options: Option[]; error?: string; placeholder?: string }> = ({ name, label, value, options, error, placeholder }) => (
  <div class={error ? 'form-row has-error' : 'form-row'}>
    <label for={name}>{label}</label>
    {error ? <p class="field-error" id={`${name}-error`}>{error}</p> : null}
    <select id={name} name={name} required aria-describedby={error ? `${name}-error` : undefined} aria-invalid={error ? 'true' : undefined}>
      {placeholder !== undefined ? <option value="" selected={!value}>{placeholder}</option> : null}
      {options.map((o) => (
        <option value={o.value} selected={o.value === value}>{o.label}</option>
      ))}
    </select>
  </div>
);

/** The errors of a refused form, each linking to its control (GOV.UK pattern); focused by the console script. */
export const ErrorSummary: FC<{ lang: Lang; errors: FormErrors; labels: Record<string, string> }> = ({ lang, errors, labels }) => {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  const c = consoleMessages[lang];
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="result-summary">
      <h2>{c.formErrors(entries.length)}</h2>
      <ul>
        {entries.map(([key, message]) => (
          <li>
            {key === 'form' ? message : <a href={`#${key === 'fields' ? 'schema' : key}`}>{labels[key] ? `${labels[key]}${lang === 'en' ? ': ' : '：'}` : ''}{message}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
};
