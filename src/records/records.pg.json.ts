import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent } from '../versions/rows/index.js';

/**
 * The twin of `recordJsonSql`: SQL that renders one stored row as the JSON text `JSON.stringify` gives for its
 * record object, or NULL when some value cannot be spelled identically in SQL (the page is then encoded in
 * JavaScript, as on SQLite).
 *
 * Strings: `to_json(text)` escapes `"`, `\` and control characters exactly as JSON.stringify does (`\n`, `\u001f`),
 * and leaves every other character as it is. Integers (bigint): their digits up to 2^53 (beyond, NULL: JavaScript
 * would round them). Doubles: an integer up to 2^53 as its digits (each is its own shortest spelling; -0 becomes
 * 0); else PostgreSQL's own spelling where it equals JavaScript's: since PostgreSQL 12 float8 output is the
 * shortest text that reads back as the same double (extra_float_digits 1, the default), in plain decimals from
 * 1e-4 to 1e15 as JavaScript writes them there (checked to read back, in case a server lowers extra_float_digits);
 * outside that range (exponent forms), NULL.
 */
export function recordJsonSqlPg(fields: FieldSpec[]): string {
  const parts = fields.map((f, i) => `'${i ? ',' : '{'}${JSON.stringify(f.name).replace(/'/g, "''")}:'`);
  return `${fields.map((f, i) => `${parts[i]} || ${valueJson(f)}`).join(' || ')} || '}'`;
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
      return `COALESCE(to_json(${c})::text, 'null')`;
    case 'integer':
      return `(CASE WHEN ${c} IS NULL THEN 'null' WHEN abs(${c}) <= ${maxSafe} THEN ${c}::text END)`;
    case 'number':
      return (
        `(CASE WHEN ${c} IS NULL THEN 'null'` +
        ` WHEN abs(${c}) <= 9007199254740992 AND ${c} = trunc(${c}) THEN trunc(${c})::bigint::text` +
        ` WHEN abs(${c}) >= 1e-4 AND abs(${c}) < 1e15 AND ${c}::text::float8 = ${c} THEN ${c}::text END)`
      );
  }
}
