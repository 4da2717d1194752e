import type { FieldSpec } from '../../lib/field-spec.js';
import { isCalendarDate } from '../../lib/dates.js';

/** What a coercer returns for a cell it cannot take; any other return value is the stored value. */
export class Invalid {
  constructor(readonly message: string) {}
}
export type SqlValue = string | number | null;
export type CellCoercer = (input: unknown) => SqlValue | Invalid;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

const notDate = new Invalid('is not a date (expected YYYY-MM-DD)');
const notRealDate = new Invalid('is not a real calendar date');
const notDateTime = new Invalid('is not a date-time (expected YYYY-MM-DD HH:mm:ss or ISO 8601)');
const notRealDateTime = new Invalid('is not a real date-time');

// Spreadsheets and department systems write dates as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日.
const dateRe = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const dateTimeRe = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function coerceDate(raw: string): SqlValue | Invalid {
  const m = dateRe.exec(raw);
  if (!m) return notDate;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  if (!isCalendarDate(y, mo, d)) return notRealDate;
  return raw.length === 10 && raw[4] === '-' ? raw : `${y}-${pad(mo)}-${pad(d)}`;
}

/** A time without a zone is the city's local time (UTC+8); stored as UTC ISO 8601 to the second. */
function coerceDateTime(raw: string): SqlValue | Invalid {
  const m = dateTimeRe.exec(raw);
  if (!m) return notDateTime;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!, h = +m[4]!, mi = +m[5]!, s = +(m[6] ?? 0);
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return notRealDateTime;
  const zone = m[7] ?? '+08:00';
  if (zone === 'Z' && raw.length === 20 && raw[10] === 'T') return raw;
  // The common case, a local time from 08:00 on: UTC is the same day, eight hours earlier.
  if (zone === '+08:00' && h >= 8) return `${y}-${pad(mo)}-${pad(d)}T${pad(h - 8)}:${pad(mi)}:${pad(s)}Z`;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000).toISOString().replace('.000Z', 'Z');
}

const truthy = new Set(['true', '1', 'yes', 'y', '是', 't']);
const falsy = new Set(['false', '0', 'no', 'n', '否', 'f']);
const integerRe = /^[-+]?\d{1,15}$/;

/** The typed part: non-blank input in, stored value or Invalid out. */
function typedCoercer(field: FieldSpec): (raw: string | number | boolean) => SqlValue | Invalid {
  switch (field.type) {
    case 'string': {
      if (!field.enum) return (raw) => (typeof raw === 'string' ? raw.trim() : String(raw));
      const allowed = new Set(field.enum);
      const bad = new Invalid(`is not one of ${field.enum.join(', ')}`);
      return (raw) => {
        const s = typeof raw === 'string' ? raw.trim() : String(raw);
        return allowed.has(s) ? s : bad;
      };
    }
    case 'integer': {
      const bad = new Invalid('is not a whole number');
      return (raw) => {
        if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : bad;
        const s = String(raw).trim().replace(/,/g, '');
        return integerRe.test(s) ? Number(s) : bad;
      };
    }
    case 'number': {
      const bad = new Invalid('is not a number');
      return (raw) => {
        if (typeof raw === 'number') return Number.isFinite(raw) ? raw : bad;
        const s = String(raw).trim().replace(/,/g, '');
        const n = Number(s);
        return s !== '' && Number.isFinite(n) ? n : bad;
      };
    }
    case 'boolean': {
      const bad = new Invalid('is not true/false (或 是/否)');
      return (raw) => {
        if (typeof raw === 'boolean') return raw ? 1 : 0;
        const s = String(raw).trim().toLowerCase();
        return truthy.has(s) ? 1 : falsy.has(s) ? 0 : bad;
      };
    }
    case 'date':
      return (raw) => coerceDate(String(raw).trim());
    case 'datetime':
      return (raw) => coerceDateTime(String(raw).trim());
  }
}

function fromDate(field: FieldSpec, d: Date): SqlValue | Invalid {
  if (Number.isNaN(d.getTime())) return new Invalid('is not a valid date');
  const iso = d.toISOString();
  return field.type === 'date' ? iso.slice(0, 10) : field.type === 'datetime' ? iso.replace('.000Z', 'Z') : typedCoercer(field)(iso);
}

/**
 * A function that turns one cell (text from CSV, a typed value from XLSX/JSON) into the field's
 * stored value (booleans as 0/1) or an Invalid saying why. Built once per column, used per cell.
 */
export function cellCoercer(field: FieldSpec): CellCoercer {
  const typed = typedCoercer(field);
  const blank = field.required ? new Invalid('is required') : null;
  return (input) => {
    if (input === null || input === undefined || input === '') return blank;
    if (input instanceof Date) return fromDate(field, input);
    if (typeof input === 'object') return new Invalid('is not a single value');
    if (typeof input === 'string' && input.trim() === '') return blank;
    return typed(input as string | number | boolean);
  };
}
