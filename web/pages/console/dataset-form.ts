import type { z } from '@hono/zod-openapi';
import { CreateDatasetSchema, UpdateDatasetSchema } from '../../../src/catalog/index.js';
import { ApiError } from '../../../src/lib/errors.js';
import type { Lang } from '../../i18n.js';
import { formMessages } from './form-messages.js';

export type FieldRowValues = { name: string; label_zh: string; label_en: string; type: string; required: boolean };

/** The dataset form exactly as typed, so a refused form comes back with everything still in it. */
export type DatasetFormValues = {
  id: string;
  code: string;
  department: string;
  title_zh: string;
  title_en: string;
  summary_zh: string;
  summary_en: string;
  theme: string;
  open_type: string;
  update_frequency: string;
  keywords: string;
  keywords_en: string;
  rows: FieldRowValues[];
  /** Index of the row chosen as primary key. */
  pk: number | null;
};

/** Form control name -> message; `fields` is the schema as a whole, `form` the form as a whole. */
export type FormErrors = Record<string, string>;

export const defaultFieldRows = 8;
export const addedFieldRows = 4;
export const maxFieldRows = 200;

const blankRow = (): FieldRowValues => ({ name: '', label_zh: '', label_en: '', type: 'string', required: false });

export function blankDatasetForm(rows: number, department: string): DatasetFormValues {
  return {
    id: '', code: '', department, title_zh: '', title_en: '', summary_zh: '', summary_en: '', theme: '', open_type: 'open',
    update_frequency: 'monthly', keywords: '', keywords_en: '', rows: Array.from({ length: clampRows(rows) }, blankRow), pk: null,
  };
}

export const clampRows = (n: number) => (Number.isInteger(n) ? Math.min(Math.max(n, 1), maxFieldRows) : defaultFieldRows);

type Body = Record<string, string | File | (string | File)[]>;
const str = (body: Body, key: string) => {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
};

export function readDatasetForm(body: Body): DatasetFormValues {
  const count = clampRows(Number(str(body, 'rows') || defaultFieldRows));
  const rows = Array.from({ length: count }, (_, i) => ({
    name: str(body, `f${i}_name`),
    label_zh: str(body, `f${i}_label_zh`),
    label_en: str(body, `f${i}_label_en`),
    type: str(body, `f${i}_type`) || 'string',
    required: str(body, `f${i}_required`) === 'on',
  }));
  const pk = /^\d+$/.test(str(body, 'primary_key')) ? Number(str(body, 'primary_key')) : null;
  const keys = ['id', 'code', 'department', 'title_zh', 'title_en', 'summary_zh', 'summary_en', 'theme', 'open_type', 'update_frequency', 'keywords', 'keywords_en'] as const;
  const scalars = Object.fromEntries(keys.map((k) => [k, str(body, k)])) as Omit<DatasetFormValues, 'rows' | 'pk'>;
  return { ...scalars, rows, pk: pk !== null && pk < count ? pk : null };
}

const splitKeywords = (s: string, separators: RegExp) => s.split(separators).map((k) => k.trim()).filter(Boolean);

function metadataOf(v: DatasetFormValues) {
  return {
    title_zh: v.title_zh, title_en: v.title_en, summary_zh: v.summary_zh, summary_en: v.summary_en, theme: v.theme,
    open_type: v.open_type, update_frequency: v.update_frequency,
    keywords: splitKeywords(v.keywords, /[,，、;；\s]+/), keywords_en: splitKeywords(v.keywords_en, /[,，;；]+/),
  };
}

/** The non-blank schema rows, with the form row each came from (for errors). The primary key is always required. */
function fieldsOf(v: DatasetFormValues) {
  const used = v.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.name || r.label_zh || r.label_en);
  const fields = used.map(({ r, i }) => ({
    name: r.name, label_zh: r.label_zh, ...(r.label_en ? { label_en: r.label_en } : {}), type: r.type, required: r.required || v.pk === i, primary_key: v.pk === i,
  }));
  return { fields, rowOf: used.map(({ i }) => i) };
}

type Issue = z.core.$ZodIssue;

/** Where an issue goes on the form: a control name, `fields` for the schema as a whole. */
function controlOf(path: PropertyKey[], rowOf: number[]): string {
  const [head, index, part] = path;
  if (head !== 'fields') return String(head ?? 'form');
  if (typeof index !== 'number') return 'fields';
  const row = rowOf[index] ?? index;
  return `f${row}_${part === 'primary_key' || part === 'required' ? 'required' : String(part ?? 'name')}`;
}

export function errorsFromIssues(lang: Lang, issues: Issue[], rowOf: number[] = []): FormErrors {
  const t = formMessages[lang];
  const errors: FormErrors = {};
  for (const issue of issues) {
    const key = controlOf(issue.path, rowOf);
    errors[key] ??= t.issue(issue, key);
  }
  return errors;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export function validateNewDataset(lang: Lang, v: DatasetFormValues): Parsed<z.infer<typeof CreateDatasetSchema>> {
  const { fields, rowOf } = fieldsOf(v);
  const parsed = CreateDatasetSchema.safeParse({ id: v.id, code: v.code, department: v.department, ...metadataOf(v), fields });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsFromIssues(lang, parsed.error.issues, rowOf) };
}

export function validateMetadataEdit(lang: Lang, v: DatasetFormValues): Parsed<z.infer<typeof UpdateDatasetSchema>> {
  const parsed = UpdateDatasetSchema.safeParse(metadataOf(v));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsFromIssues(lang, parsed.error.issues) };
}

/** A refusal from the catalog service, placed next to the control it is about. */
export function errorsFromService(err: ApiError): FormErrors {
  if (err.code === 'conflict') return /resource code/.test(err.message) ? { code: err.message } : { id: err.message };
  if (err.code === 'invalid_reference') return /^Theme/.test(err.message) ? { theme: err.message } : { department: err.message };
  return { form: err.message };
}

/** Values of an existing dataset, for the edit form. */
export function valuesOfDataset(d: {
  id: string; code: string; department_id: string; title_zh: string; title_en: string; summary_zh: string; summary_en: string;
  theme_id: string; open_type: string; update_frequency: string; keywords: string[]; keywords_en: string[];
}): DatasetFormValues {
  return {
    id: d.id, code: d.code, department: d.department_id, title_zh: d.title_zh, title_en: d.title_en, summary_zh: d.summary_zh, summary_en: d.summary_en,
    theme: d.theme_id, open_type: d.open_type, update_frequency: d.update_frequency, keywords: d.keywords.join('、'), keywords_en: d.keywords_en.join(', '),
    rows: [], pk: null,
  };
}
