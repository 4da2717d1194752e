import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent } from '../versions/rows/index.js';

/**
 * SQL that renders one stored row as the JSON text `JSON.stringify` gives for its record object (same key
 * order, `true`/`false` for booleans, the same number and string spelling), or NULL when some value of the
 * row cannot be spelled identically in SQL: the caller then encodes that page in JavaScript instead.
 *
 * SQLite builds the page this way about 4x faster than turning rows into objects and stringifying them.
 * Strings: `json_quote` escapes exactly as JSON.stringify does. Integers: their digits (NULL beyond 2^53,
 * which JavaScript would round). Reals: SQLite spells `100.0`, `1.0e-07` and 17-digit forms where JavaScript
 * spells `100`, `1e-7` and the shortest round-trip form, so a real is written as an integer when it is one,
 * as `%!.15g` when that reads back as the same double in the range where both use plain decimals (what
 * published data holds), and otherwise makes the row NULL.
 */
export function recordJsonSql(fields: FieldSpec[]): string {
  return fields.some((f) => f.type === 'number') ? concatenatedJsonSql(fields) : jsonObjectSql(fields);
}

/** SQLite's message when `json('x')` marks a value it cannot spell as JavaScript would (see `jsonObjectSql`). */
export const isUnspellable = (err: unknown) => err instanceof Error && err.message.includes('malformed JSON');

/**
 * Without real numbers, `json_object` builds each record in one call: ~8% faster a page than the concatenation
 * below (job postings, 100 rows: 180 vs 196 µs; objects + JSON.stringify: 231). A value it would spell otherwise
 * than JavaScript (an integer beyond 2^53, a real in an integer field) stops the statement with SQLite's "malformed
 * JSON" error (`isUnspellable`) instead of making the record NULL, which `json_object` would write as `null`.
 * With real numbers, each needs `json()` around its spelling, and the concatenation is faster (206 vs 223 µs).
 */
function jsonObjectSql(fields: FieldSpec[]): string {
  return `json_object(${fields.map((f) => `'${f.name.replace(/'/g, "''")}', ${objectValue(f)}`).join(', ')})`;
}

function objectValue(f: FieldSpec): string {
  const c = quoteIdent(f.name);
  if (f.type === 'boolean') return `(CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} = 1 THEN json('true') ELSE json('false') END)`;
  if (f.type !== 'integer') return c; // text affinity: text or NULL, quoted by json_object
  return `(CASE typeof(${c}) WHEN 'integer' THEN iif(abs(${c}) <= ${maxSafe}, ${c}, json('x')) WHEN 'real' THEN json('x') ELSE ${c} END)`;
}

function concatenatedJsonSql(fields: FieldSpec[]): string {
  const parts = fields.map((f, i) => `'${i ? ',' : '{'}${JSON.stringify(f.name).replace(/'/g, "''")}:'`);
  const values = fields.map((f) => valueJson(f));
  return `${parts.map((p, i) => `${p} || ${values[i]}`).join(' || ')} || '}'`;
}

const maxSafe = 9007199254740991;

function valueJson(f: FieldSpec): string {
  const c = quoteIdent(f.name);
  switch (f.type) {
    case 'boolean':
      return `(CASE WHEN ${c} IS NULL THEN 'null' WHEN ${c} = 1 THEN 'true' ELSE 'false' END)`;
    case 'string':
    case 'date':
    case 'datetime':
      // TEXT affinity: text or NULL, and json_quote(NULL) is 'null'.
      return `json_quote(${c})`;
    default:
      return `(CASE typeof(${c}) WHEN 'null' THEN 'null' WHEN 'integer' THEN (CASE WHEN abs(${c}) <= ${maxSafe} THEN CAST(${c} AS TEXT) END) WHEN 'real' THEN ${realJson(c)} WHEN 'text' THEN json_quote(${c}) END)`;
  }
}

const realJson = (c: string) =>
  `(CASE WHEN ${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS INTEGER) AS TEXT)` +
  ` WHEN abs(${c}) >= 1e-4 AND abs(${c}) < 1e15 AND CAST(printf('%!.15g', ${c}) AS REAL) = ${c} THEN printf('%!.15g', ${c}) END)`;
