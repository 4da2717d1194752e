import type { FieldSpec } from '../lib/field-spec.js';
import { ApiError } from '../lib/errors.js';
import { coerceFlag, coerceText, coerceValue, type Coerced, type SqlValue } from './records.coerce.js';

export const operators = ['exact', 'not', 'gt', 'gte', 'lt', 'lte', 'contains', 'startswith', 'in', 'isnull'] as const;
export type Operator = (typeof operators)[number];
export const recordFormats = ['json', 'csv', 'ndjson'] as const;
export type RecordsFormat = (typeof recordFormats)[number];
export const reservedParams = ['q', 'sort', 'fields', 'limit', 'cursor', 'format', 'bom'] as const;

export type Filter = { field: FieldSpec; op: Operator; values: SqlValue[] };
/** `field` null: the primary key, sorted through `_rowid`, which follows primary-key order. */
export type SortKey = { field: FieldSpec | null; desc: boolean };

export type RecordsQuery = {
  filters: Filter[];
  sort: SortKey[];
  fields: FieldSpec[];
  q: string | null;
  limit: number | 'all';
  cursor: string | null;
  format: RecordsFormat;
  bom: boolean;
  /** The fields the caller may see: what `q` searches, filters and sort may name. */
  visible: FieldSpec[];
  /** Canonical filters + sort + q (and the searched fields when a grant hides some): what a cursor is bound to, the ETag and cached totals are built from. */
  shape: string;
};

export const defaultLimit = 100;
export const maxLimit = 1000;
const maxInValues = 100;
const textOps = new Set<Operator>(['contains', 'startswith']);
const orderOps = new Set<Operator>(['gt', 'gte', 'lt', 'lte']);

const bad = (code: string, field: string, message: string, detail = message) => new ApiError(400, code, detail, { errors: [{ field, message }] });

function unknownField(name: string, schema: FieldSpec[]): ApiError {
  const known = schema.map((f) => f.name).join(', ');
  return bad('unknown_field', name, 'not a field of this dataset', `Unknown field '${name}'. Fields: ${known}. Parameters: ${reservedParams.join(', ')}.`);
}

/** A field of the visible schema; one the caller's grant hides is 403, one that does not exist 400. */
type FieldLookup = ((name: string) => FieldSpec) & { knows: (name: string) => boolean };

function fieldLookup(visible: FieldSpec[], all: FieldSpec[]): FieldLookup {
  const byName = new Map(visible.map((f) => [f.name, f]));
  const hidden = new Set(all.map((f) => f.name).filter((n) => !byName.has(n)));
  const lookup = (name: string) => {
    const field = byName.get(name);
    if (field) return field;
    if (hidden.has(name)) {
      throw new ApiError(403, 'field_not_granted', `Field '${name}' is not among the fields your grant shows (${visible.map((f) => f.name).join(', ')}); it cannot be filtered, sorted, searched or selected.`, {
        errors: [{ field: name, message: 'not granted' }],
      });
    }
    throw unknownField(name, visible);
  };
  return Object.assign(lookup, { knows: (name: string) => byName.has(name) || hidden.has(name) });
}

function coerceFilter(field: FieldSpec, op: Operator, raw: string, param: string): SqlValue[] {
  if (textOps.has(op) && !['string', 'date', 'datetime'].includes(field.type)) throw bad('unsupported_operator', param, `'${op}' applies to text and date fields, not ${field.type}`, `Filter '${param}': '${op}' applies to text and date fields; '${field.name}' is ${field.type}.`);
  if (orderOps.has(op) && field.type === 'boolean') throw bad('unsupported_operator', param, `'${op}' does not apply to boolean fields`, `Filter '${param}': '${op}' does not apply to the boolean field '${field.name}'.`);
  const raws = op === 'in' ? raw.split(',') : [raw];
  if (op === 'in' && raws.length > maxInValues) throw bad('invalid_value', field.name, `at most ${maxInValues} values`, `Filter '${param}': at most ${maxInValues} values.`);
  return raws.map((r) => {
    const c: Coerced = op === 'isnull' ? coerceFlag(r) : textOps.has(op) ? coerceText(r) : coerceValue(field, r);
    if (!c.ok) throw new ApiError(400, 'invalid_value', `Filter '${param}' on field '${field.name}': '${r.slice(0, 100)}' ${c.message}.`, { errors: [{ field: field.name, value: r.slice(0, 100), message: c.message }] });
    return c.value;
  });
}

function parseFilter(name: string, raw: string, lookup: FieldLookup): Filter {
  const at = name.lastIndexOf('__');
  if (at <= 0 || lookup.knows(name)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw bad('unknown_parameter', name, 'not a known parameter', `Unknown query parameter '${name}'. Parameters: ${reservedParams.join(', ')}; filters are <field>=value or <field>__<operator>=value.`);
    const exact = lookup(name);
    return { field: exact, op: 'exact', values: coerceFilter(exact, 'exact', raw, name) };
  }
  const field = lookup(name.slice(0, at));
  const op = name.slice(at + 2) as Operator;
  if (!operators.includes(op)) throw bad('unknown_operator', name, 'unknown operator', `Unknown operator '${op}' in '${name}'. Operators: ${operators.join(', ')}.`);
  return { field, op, values: coerceFilter(field, op, raw, name) };
}

function parseList(param: string, raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => !s)) throw bad('invalid_parameter', param, 'a comma-separated list of field names', `'${param}' must be a comma-separated list of field names.`);
  return items;
}

function parseSort(raw: string, lookup: FieldLookup): SortKey[] {
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  for (const item of parseList('sort', raw)) {
    const desc = item.startsWith('-');
    const name = item.replace(/^[-+]/, '');
    const field = lookup(name);
    if (seen.has(name)) continue;
    seen.add(name);
    // The primary key is unique: it ends the ordering, and `_rowid` walks it without a sort.
    if (field.primary_key) return [...keys, { field: null, desc }];
    keys.push({ field, desc });
  }
  return keys;
}

function parseLimit(raw: string | undefined): number | 'all' {
  if (raw === undefined) return defaultLimit;
  if (raw === 'all') return 'all';
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= maxLimit)) throw bad('invalid_parameter', 'limit', `a whole number from 1 to ${maxLimit} (or 'all' for csv and ndjson)`, `Invalid query parameter 'limit': must be a whole number from 1 to ${maxLimit} (or 'all' with format=csv or ndjson).`);
  return n;
}

function negotiateFormat(raw: string | undefined, accept: string | undefined): RecordsFormat {
  if (raw !== undefined) {
    if ((recordFormats as readonly string[]).includes(raw)) return raw as RecordsFormat;
    throw bad('invalid_parameter', 'format', `one of ${recordFormats.join(', ')}`, `Invalid query parameter 'format': must be one of ${recordFormats.join(', ')}.`);
  }
  const a = (accept ?? '').toLowerCase();
  if (a.includes('text/csv')) return 'csv';
  if (a.includes('ndjson') || a.includes('application/jsonl')) return 'ndjson';
  return 'json';
}

const single = (params: Map<string, string[]>, name: string): string | undefined => {
  const values = params.get(name);
  if (!values) return undefined;
  if (values.length > 1) throw bad('invalid_parameter', name, 'given more than once', `Query parameter '${name}' is given more than once.`);
  return values[0];
};

function canonicalShape(filters: Filter[], sort: SortKey[], q: string | null, searched: FieldSpec[] | null): string {
  const f = filters.map((x) => `${x.field.name}__${x.op}=${JSON.stringify(x.values)}`).sort();
  const s = sort.map((k) => `${k.desc ? '-' : ''}${k.field?.name ?? '_rowid'}`).join(',');
  const scope = q && searched ? `|in=${searched.map((x) => x.name).join(',')}` : '';
  return `${f.join('&')}|sort=${s}|q=${q ?? ''}${scope}`;
}

/**
 * Reads the records query string against the fields the caller may see (`schema`; `all` is the
 * version's whole schema when a grant shows fewer). Anything not understood is a 400 naming the
 * parameter, never ignored: a typo in a filter must not return unfiltered data. Naming a field the
 * grant hides is a 403: its values must not be reachable through filters, sort or selection.
 */
export function parseRecordsQuery(entries: Iterable<[string, string]>, schema: FieldSpec[], accept: string | undefined, all: FieldSpec[] = schema): RecordsQuery {
  const lookup = fieldLookup(schema, all);
  const params = new Map<string, string[]>();
  const filters: Filter[] = [];
  for (const [name, value] of entries) {
    if ((reservedParams as readonly string[]).includes(name)) params.set(name, [...(params.get(name) ?? []), value]);
    else filters.push(parseFilter(name, value, lookup));
  }
  const format = negotiateFormat(single(params, 'format'), accept);
  const limit = parseLimit(single(params, 'limit'));
  if (limit === 'all' && format === 'json') throw bad('invalid_parameter', 'limit', "'all' needs format=csv or ndjson", "limit=all streams the whole result and needs format=csv or format=ndjson; JSON pages hold at most 1000 records.");
  const bomRaw = single(params, 'bom');
  if (bomRaw !== undefined && !['0', '1', 'true', 'false'].includes(bomRaw)) throw bad('invalid_parameter', 'bom', 'bom is 1 or 0');
  const bom = bomRaw === '1' || bomRaw === 'true';
  if (bom && format !== 'csv') throw bad('invalid_parameter', 'bom', 'bom=1 applies to csv only');
  const sortRaw = single(params, 'sort');
  const sort = sortRaw === undefined ? [] : parseSort(sortRaw, lookup);
  const fieldsRaw = single(params, 'fields');
  const fields = fieldsRaw === undefined ? schema : [...new Set(parseList('fields', fieldsRaw))].map(lookup);
  const q = single(params, 'q')?.trim().slice(0, 200) || null;
  const cursor = single(params, 'cursor') || null;
  if (cursor && cursor.length > 2048) throw bad('invalid_cursor', 'cursor', 'too long');
  const searched = schema.length < all.length ? schema : null;
  return { filters, sort, fields, q, limit, cursor, format, bom, visible: schema, shape: canonicalShape(filters, sort, q, searched) };
}
