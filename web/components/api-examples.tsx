import type { FC } from 'hono/jsx';
import type { CatalogRow } from '../../src/catalog/index.js';
import type { FieldSpec } from '../../src/lib/field-spec.js';
import { reservedParams } from '../../src/records/index.js';
import type { Row } from '../../src/versions/index.js';
import type { Preview } from '../loaders/catalog.js';
import { href, type Lang } from '../i18n.js';

export type ExampleFilter = { field: string; param: string; value: string; known: boolean };

const text = {
  zh: {
    title: 'API 调用示例',
    intro: (id: string) => `以下示例可直接运行，查询本数据集（${id}）的记录，并按字段筛选。`,
    open: '无条件开放：不需要密钥即可查询（按访问地址限流）；申请免费 API 密钥可提高限额，在请求头中以 X-API-Key 发送。',
    conditional: '有条件开放：需要已获授权的 API 密钥。请先在开发者中心申请密钥，再提交数据使用申请（加入需求清单）；获批后，用该密钥调用（把示例中的 YOUR_API_KEY 换成你的密钥）。',
    getKey: '申请 API 密钥',
    apply: '提交使用申请',
    docs: 'API 文档',
    filterNote: (label: string, value: string) => `示例筛选：${label} = ${value}`,
    placeholder: '示例中的筛选值为占位符：请换成该字段的实际取值。',
    copy: '复制',
    copyLabel: (name: string) => `复制 ${name} 示例`,
    copied: (name: string) => `已复制 ${name} 示例`,
  },
  en: {
    title: 'API examples',
    intro: (id: string) => `Ready-to-run examples that query the records of this dataset (${id}) with a filter on one of its fields.`,
    open: 'Open data: no key is needed (limited per address); a free API key raises the limits, sent as the X-API-Key header.',
    conditional: 'Conditional data: you need an API key with a grant. Get a key in the developer centre, then apply for this dataset (add it to your cart); once approved, call with that key (replace YOUR_API_KEY in the examples).',
    getKey: 'Get an API key',
    apply: 'Apply for this data',
    docs: 'API reference',
    filterNote: (label: string, value: string) => `Example filter: ${label} = ${value}`,
    placeholder: 'The filter value in these examples is a placeholder: use a real value of the field.',
    copy: 'Copy',
    copyLabel: (name: string) => `Copy the ${name} example`,
    copied: (name: string) => `Copied the ${name} example`,
  },
} as const;

const textTypes = new Set(['string']);
const scalar = (v: Row[string] | undefined) => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * A filter that returns rows: the most repeated value of a text field among the preview rows (a category such as a
 * district), else the first row's first non-empty value. Without rows to look at (conditional data), a placeholder.
 */
export function exampleFilter(fields: FieldSpec[], rows: Row[] | null): ExampleFilter {
  const param = (name: string) => ((reservedParams as readonly string[]).includes(name) ? `${name}__exact` : name);
  if (rows?.length) {
    let best: { field: FieldSpec; value: string; count: number } | null = null;
    for (const field of fields.filter((f) => textTypes.has(f.type) && !f.primary_key)) {
      const counts = new Map<string, number>();
      for (const r of rows) {
        const v = scalar(r[field.name]);
        if (v !== null && v.length <= 60) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      for (const [value, count] of counts) if (!best || count > best.count) best = { field, value, count };
    }
    if (best) return { field: best.field.name, param: param(best.field.name), value: best.value, known: true };
    for (const field of fields) {
      const v = scalar(rows[0]![field.name]);
      if (v !== null) return { field: field.name, param: param(field.name), value: v, known: true };
    }
  }
  const field = fields.find((f) => textTypes.has(f.type) && !f.primary_key) ?? fields[0]!;
  return { field: field.name, param: param(field.name), value: 'VALUE', known: false };
}

const py = (s: string) => JSON.stringify(s);

/** The four examples for one dataset: curl, Python requests, pandas, JavaScript fetch. */
export function apiExamples(origin: string, id: string, filter: ExampleFilter, conditional: boolean, isNumber: boolean) {
  const base = `${origin}/api/v1/datasets/${encodeURIComponent(id)}`;
  const records = `${base}/records`;
  const query = new URLSearchParams({ [filter.param]: filter.value, limit: '10' }).toString();
  const keyLine = conditional ? ' \\\n  -H "X-API-Key: YOUR_API_KEY"' : '';
  const pandasValue = isNumber ? filter.value : py(filter.value);
  const curl = `curl${keyLine} \\\n  "${records}?${query}"`;
  const requests = [
    'import requests',
    '',
    'resp = requests.get(',
    `    ${py(records)},`,
    `    params={${py(filter.param)}: ${py(filter.value)}, "limit": 10},`,
    conditional ? '    headers={"X-API-Key": "YOUR_API_KEY"},' : '    # headers={"X-API-Key": "YOUR_API_KEY"},  # optional: a free key raises the limits',
    ')',
    'resp.raise_for_status()',
    'page = resp.json()',
    'print(page["total"], page["data"][:3])',
  ].join('\n');
  // Conditional files are not downloadable without a grant: pandas reads the filtered records as CSV with the key instead.
  const pandas = conditional
    ? ['import pandas as pd', '', 'df = pd.read_csv(', `    ${py(`${records}?${new URLSearchParams({ [filter.param]: filter.value, format: 'csv', limit: 'all' })}`)},`, '    storage_options={"X-API-Key": "YOUR_API_KEY"},', ')', 'print(len(df), df.head())'].join('\n')
    : ['import pandas as pd', '', `df = pd.read_csv(${py(`${base}/data.csv`)}${isNumber ? '' : `, dtype={${py(filter.field)}: str}`})`, `print(df[df[${py(filter.field)}] == ${pandasValue}].head())`].join('\n');
  const fetchJs = [
    `const url = new URL(${py(records)});`,
    `url.searchParams.set(${py(filter.param)}, ${py(filter.value)});`,
    'url.searchParams.set("limit", "10");',
    conditional ? 'const res = await fetch(url, { headers: { "X-API-Key": "YOUR_API_KEY" } });' : 'const res = await fetch(url); // a free key raises the limits: { headers: { "X-API-Key": "YOUR_API_KEY" } }',
    'if (!res.ok) throw new Error(`HTTP ${res.status}`);',
    'const page = await res.json();',
    'console.log(page.total, page.data);',
  ].join('\n');
  return [
    { id: 'curl', name: 'curl', code: curl },
    { id: 'python', name: 'Python (requests)', code: requests },
    { id: 'pandas', name: 'Python (pandas)', code: pandas },
    { id: 'javascript', name: 'JavaScript (fetch)', code: fetchJs },
  ];
}

/**
 * The dataset page's API section. The code is plain <pre> text (selectable, no script needed); the copy buttons
 * stay hidden until the portal's copy script (web/static/copy-code.js, on every page) runs, and it says "copied" in the live region.
 */
export const ApiExamples: FC<{ lang: Lang; origin: string; row: CatalogRow; preview: Preview }> = ({ lang, origin, row, preview }) => {
  const t = text[lang];
  const conditional = row.open_type !== 'open';
  const rows = preview && 'rows' in preview ? preview.rows : null;
  const fields = preview && 'fields' in preview ? preview.fields : row.schema;
  if (!fields.length) return null;
  const filter = exampleFilter(fields, rows);
  const spec = fields.find((f) => f.name === filter.field)!;
  const examples = apiExamples(origin, row.id, filter, conditional, spec.type === 'integer' || spec.type === 'number');
  const label = (lang === 'en' ? spec.label_en : null) ?? spec.label_zh;
  return (
    <section id="api" aria-labelledby="api-title" class="api-examples">
      <h2 id="api-title">{t.title}</h2>
      <p>{t.intro(row.id)}</p>
      <p class={conditional ? 'notice' : 'muted'}>
        {conditional ? t.conditional : t.open}{' '}
        <a href={href(lang, '/developer')}>{t.getKey}</a>
        {conditional ? <> · <a href={href(lang, `/demand/cart/add?dataset=${encodeURIComponent(row.id)}`)}>{t.apply}</a></> : null} ·{' '}
        <a href={href(lang, '/api/docs')}>{t.docs}</a>
      </p>
      <p class="muted">{filter.known ? t.filterNote(`${label} (${filter.field})`, filter.value) : t.placeholder}</p>
      {examples.map((e) => (
        <div class="api-example">
          <div class="api-example-head">
            <h3 id={`api-${e.id}`}>{e.name}</h3>
            <button type="button" class="button-secondary copy-code" data-copy-target={`api-code-${e.id}`} data-copied-message={t.copied(e.name)} aria-label={t.copyLabel(e.name)} hidden>
              {t.copy}
            </button>
          </div>
          <pre tabindex={0} aria-labelledby={`api-${e.id}`}><code id={`api-code-${e.id}`}>{e.code}</code></pre>
        </div>
      ))}
      <p class="visually-hidden" role="status" aria-live="polite" data-copy-status></p>
    </section>
  );
};
