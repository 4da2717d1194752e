import type { FieldSpec } from '../lib/field-spec.js';
import { ApiError } from '../lib/errors.js';
import { parseRecordsQuery, reservedParams, type RecordsQuery } from '../records/index.js';

export const maxFilterLength = 2000;

/** `district=当涂县&self_service=true` as typed, or with a leading `?`; stored without it. */
export function normaliseFilter(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim().replace(/^\?/, '');
  return s ? s : null;
}

function filterEntries(filter: string | null): [string, string][] {
  if (!filter) return [];
  if (filter.length > maxFilterLength) throw new ApiError(400, 'invalid_filter', `The row filter is longer than ${maxFilterLength} characters.`, { errors: [{ field: 'filter', message: 'too long' }] });
  const entries = [...new URLSearchParams(filter)];
  const reserved = entries.find(([name]) => (reservedParams as readonly string[]).includes(name));
  if (reserved) {
    throw new ApiError(400, 'invalid_filter', `The row filter takes conditions only (<field>=value or <field>__<operator>=value), not '${reserved[0]}'.`, {
      errors: [{ field: 'filter', message: `'${reserved[0]}' is not a condition` }],
    });
  }
  return entries;
}

/**
 * The records query a cart item stands for: its conditions in the records-API syntax, parsed by the
 * records API's own parser (same operators, same 400s for unknown fields), and its field subset.
 */
export function itemQuery(schema: FieldSpec[], fields: string[] | null, filter: string | null): RecordsQuery {
  const entries = filterEntries(filter);
  if (fields?.length) entries.push(['fields', fields.join(',')]);
  return parseRecordsQuery(entries, schema, undefined);
}

/** Requested fields in schema order, without repeats; 400 `unknown_field` naming one that is not there. */
export function checkFields(schema: FieldSpec[], fields: string[] | null | undefined): string[] | null {
  if (!fields?.length) return null;
  const wanted = new Set(fields);
  const known = new Set(schema.map((f) => f.name));
  const unknown = [...wanted].find((f) => !known.has(f));
  if (unknown) {
    throw new ApiError(400, 'unknown_field', `Unknown field '${unknown}'. Fields: ${schema.map((f) => f.name).join(', ')}.`, { errors: [{ field: 'fields', message: `'${unknown}' is not a field of this dataset` }] });
  }
  return schema.filter((f) => wanted.has(f.name)).map((f) => f.name);
}
