import type { FieldSpec } from '../../lib/field-spec.js';
import type { RowValue } from '../../records/rows-table.js';

export type Coerced = { ok: true; value: RowValue } | { ok: false; message: string };

const ok = (value: RowValue): Coerced => ({ ok: true, value });
const fail = (message: string): Coerced => ({ ok: false, message });
const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

// Spreadsheets and department systems write dates as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日.
const dateRe = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const dateTimeRe = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function coerceDate(raw: string): Coerced {
  const m = dateRe.exec(raw);
  if (!m) return fail('is not a date (expected YYYY-MM-DD)');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return fail('is not a real calendar date');
  return ok(`${y}-${pad(mo)}-${pad(d)}`);
}

/** A time without a zone is the city's local time (UTC+8); stored as UTC ISO 8601. */
function coerceDateTime(raw: string): Coerced {
  const m = dateTimeRe.exec(raw);
  if (!m) return fail('is not a date-time (expected YYYY-MM-DD HH:mm:ss or ISO 8601)');
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return fail('is not a real date-time');
  const zone = m[7] ?? '+08:00';
  const offsetMin = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
  return ok(new Date(t).toISOString().replace('.000Z', 'Z'));
}

const truthy = new Set(['true', '1', 'yes', 'y', '是', 't']);
const falsy = new Set(['false', '0', 'no', 'n', '否', 'f']);

/** Turns one cell (text from CSV, or a typed value from XLSX/JSON) into the field's type, or says why it cannot. */
export function coerceCell(field: FieldSpec, input: unknown): Coerced {
  if (input === null || input === undefined || (typeof input === 'string' && input.trim() === '')) {
    return field.required ? fail('is required') : ok(null);
  }
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return fail('is not a valid date');
    const iso = input.toISOString();
    if (field.type === 'date') return ok(iso.slice(0, 10));
    if (field.type === 'datetime') return ok(iso.replace('.000Z', 'Z'));
    input = iso;
  }
  const raw = typeof input === 'string' ? input.trim() : input;
  switch (field.type) {
    case 'string': {
      const s = String(raw);
      if (field.enum && !field.enum.includes(s)) return fail(`is not one of ${field.enum.join(', ')}`);
      return ok(s);
    }
    case 'integer': {
      const s = String(raw).replace(/,/g, '');
      return /^[-+]?\d{1,15}$/.test(s) ? ok(Number(s)) : fail('is not a whole number');
    }
    case 'number': {
      const s = String(raw).replace(/,/g, '');
      const n = Number(s);
      return s !== '' && Number.isFinite(n) ? ok(n) : fail('is not a number');
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw);
      const s = String(raw).toLowerCase();
      return truthy.has(s) ? ok(true) : falsy.has(s) ? ok(false) : fail('is not true/false (或 是/否)');
    }
    case 'date':
      return coerceDate(String(raw));
    case 'datetime':
      return coerceDateTime(String(raw));
  }
}
