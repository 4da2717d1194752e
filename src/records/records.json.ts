import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent } from '../versions/rows/index.js';

/**
 * SQL that renders one stored row as the JSON text `JSON.stringify` gives for its record object (same key
 * order, `true`/`false` for booleans, the same number and string spelling), or NULL when some value of the
 * row cannot be spelled identically in SQL: the caller then encodes that page in JavaScript instead.
 *
 * `json_object` builds each record in one call, about 15% faster than concatenating its pieces with `||` and
 * 30% faster than turning rows into objects and stringifying them. Strings (and keys) are escaped exactly as
 * JSON.stringify does. Integers: their digits (NULL beyond 2^53, which JavaScript would round). Reals: SQLite
 * spells `100.0`, `1.0e-07` and 17-digit forms where JavaScript spells `100`, `1e-7` and the shortest
 * round-trip form, so a real is written as an integer when it is one, as `%!.15g` when that reads back as the
 * same double in the range where both use plain decimals (what published data holds), and otherwise makes the
 * row NULL.
 */
export function recordJsonSql(fields: FieldSpec[]): string {
  const object = `json_object(${fields.map((f) => `'${f.name.replace(/'/g, "''")}', ${valueJson(f)}`).join(', ')})`;
  const checks = fields.flatMap((f) => (f.type === 'integer' || f.type === 'number' ? [spellable(quoteIdent(f.name))] : []));
  return checks.length ? `(CASE WHEN ${checks.join(' AND ')} THEN ${object} END)` : object;
}

const maxSafe = 9007199254740991;

/** A value as `json_object` takes it: text is quoted, integers written as digits, JSON (from `json()`) as is. */
function valueJson(f: FieldSpec): string {
  const c = quoteIdent(f.name);
  switch (f.type) {
    case 'boolean':
      return `(CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} = 1 THEN json('true') ELSE json('false') END)`;
    case 'string':
    case 'date':
    case 'datetime':
      return c; // TEXT affinity: text or NULL
    default:
      return `(CASE typeof(${c}) WHEN 'real' THEN json(${realJson(c)}) ELSE ${c} END)`;
  }
}

/** Whether a number field's value is spelled as JavaScript would: no integer beyond 2^53, no real `realJson` cannot write. */
const spellable = (c: string) =>
  `(CASE typeof(${c}) WHEN 'integer' THEN abs(${c}) <= ${maxSafe} WHEN 'real' THEN ${realJson(c)} IS NOT NULL ELSE 1 END)`;

const realJson = (c: string) =>
  `(CASE WHEN ${c} = CAST(${c} AS INTEGER) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS INTEGER) AS TEXT)` +
  ` WHEN abs(${c}) >= 1e-4 AND abs(${c}) < 1e15 AND CAST(printf('%!.15g', ${c}) AS REAL) = ${c} THEN printf('%!.15g', ${c}) END)`;
