import type { FieldSpec } from '../../lib/field-spec.js';
import { isCalendarDate, isIsoDay, isoSeconds, num2, num4 } from '../../lib/dates.js';
import { Invalid } from './invalid.js';
import { gbkCellWasUtf8, textProblem, trimSpaces } from './cell-text.js';

export { Invalid };
export type SqlValue = string | number | null;
export type CellCoercer = (input: unknown) => SqlValue | Invalid;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

const notDate = new Invalid('not_date');
const notRealDate = new Invalid('not_real_date');
const notDateTime = new Invalid('not_datetime');
const notRealDateTime = new Invalid('not_real_datetime');

// Spreadsheets and department systems write dates as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日.
const dateRe = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const dateTimeRe = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function coerceDate(raw: string): SqlValue | Invalid {
  if (isIsoDay(raw)) return raw; // the stored form, which most files already use
  const m = dateRe.exec(raw);
  if (!m) return notDate;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  if (!isCalendarDate(y, mo, d)) return notRealDate;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** `YYYY-MM-DD HH:mm:ss` local time from 08:00 on, the common case: UTC is the same day, eight hours earlier. */
function localDayTimeFast(raw: string): SqlValue | Invalid | undefined {
  if (raw.length !== 19 || raw[4] !== '-' || raw[7] !== '-' || (raw[10] !== ' ' && raw[10] !== 'T') || raw[13] !== ':' || raw[16] !== ':') return undefined;
  const y = num4(raw, 0), mo = num2(raw, 5), d = num2(raw, 8), h = num2(raw, 11), mi = num2(raw, 14), s = num2(raw, 17);
  if (y < 0 || mo < 0 || d < 0 || h < 8 || mi < 0 || s < 0) return undefined;
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return notRealDateTime;
  return `${raw.slice(0, 10)}T${pad(h - 8)}${raw.slice(13)}Z`;
}

/** A time without a zone is the city's local time (UTC+8); stored as UTC ISO 8601 to the second. */
function coerceDateTime(raw: string): SqlValue | Invalid {
  const fast = localDayTimeFast(raw);
  if (fast !== undefined) return fast;
  const m = dateTimeRe.exec(raw);
  if (!m) return notDateTime;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!, h = +m[4]!, mi = +m[5]!, s = +(m[6] ?? 0);
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return notRealDateTime;
  const zone = m[7] ?? '+08:00';
  if (zone === '+08:00' && h >= 8) return `${y}-${pad(mo)}-${pad(d)}T${pad(h - 8)}:${pad(mi)}:${pad(s)}Z`;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return isoSeconds(new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000));
}

const truthy = new Set(['true', '1', 'yes', 'y', '是', 't']);
const falsy = new Set(['false', '0', 'no', 'n', '否', 'f']);
const integerRe = /^[-+]?\d{1,15}$/;

/** The typed part: a non-blank string with no spaces at its ends (or a number/boolean from XLSX/JSON) in, stored value or Invalid out. */
function typedCoercer(field: FieldSpec): (raw: string | number | boolean) => SqlValue | Invalid {
  const text = (raw: string | number | boolean) => (typeof raw === 'string' ? raw : String(raw));
  const withoutCommas = (s: string) => (s.indexOf(',') < 0 ? s : s.replace(/,/g, ''));
  switch (field.type) {
    case 'string': {
      if (!field.enum) return text;
      const allowed = new Set(field.enum);
      const bad = new Invalid('not_one_of', { allowed: field.enum.join(', ') });
      return (raw) => {
        const s = text(raw);
        return allowed.has(s) ? s : bad;
      };
    }
    case 'integer': {
      const bad = new Invalid('not_integer');
      return (raw) => {
        if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : bad;
        const s = withoutCommas(text(raw));
        return integerRe.test(s) ? Number(s) : bad;
      };
    }
    case 'number': {
      const bad = new Invalid('not_number');
      return (raw) => {
        if (typeof raw === 'number') return Number.isFinite(raw) ? raw : bad;
        const s = withoutCommas(text(raw));
        const n = Number(s);
        return s !== '' && Number.isFinite(n) ? n : bad;
      };
    }
    case 'boolean': {
      const bad = new Invalid('not_boolean');
      return (raw) => {
        if (typeof raw === 'boolean') return raw ? 1 : 0;
        if (raw === 'true') return 1;
        if (raw === 'false') return 0;
        const s = text(raw).toLowerCase();
        return truthy.has(s) ? 1 : falsy.has(s) ? 0 : bad;
      };
    }
    case 'date':
      return (raw) => coerceDate(text(raw));
    case 'datetime':
      return (raw) => coerceDateTime(text(raw));
  }
}

function fromDate(field: FieldSpec, d: Date): SqlValue | Invalid {
  if (Number.isNaN(d.getTime())) return new Invalid('invalid_date');
  const iso = d.toISOString();
  return field.type === 'date' ? iso.slice(0, 10) : field.type === 'datetime' ? iso.replace('.000Z', 'Z') : typedCoercer(field)(iso);
}

/**
 * A function that turns one cell (text from CSV, a typed value from XLSX/JSON) into the field's
 * stored value (booleans as 0/1) or an Invalid saying why. Built once per column, used per cell.
 * Text with control characters or U+FFFD is refused (see cell-text.ts); `gbk` adds the check for
 * UTF-8 cells in a file read as GBK.
 */
export function cellCoercer(field: FieldSpec, opts: { gbk?: boolean } = {}): CellCoercer {
  const typed = typedCoercer(field);
  const blank = field.required ? new Invalid('required') : null;
  const nested = new Invalid('nested_value');
  const gbk = opts.gbk === true;
  // Text is stored, so it is checked and only spaces come off. A number, date or boolean is stored
  // typed: any whitespace around it is noise, and a control character or U+FFFD inside fails the type.
  const isText = field.type === 'string';
  const trim = isText ? trimSpaces : trimmed;
  return (input) => {
    if (typeof input === 'string') {
      const bad = isText ? textProblem(input) ?? (gbk ? gbkCellWasUtf8(input) : null) : null;
      if (bad) return bad;
      const s = trim(input);
      return s === '' ? blank : typed(s);
    }
    if (input === null || input === undefined) return blank;
    if (input instanceof Date) return fromDate(field, input);
    if (typeof input === 'object') return nested;
    return typed(input as number | boolean);
  };
}

// Every character String.prototype.trim removes is one of these.
const maySpace = (c: number) =>
  c <= 32 || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
/** `trim()` without the copy for the usual cell that has nothing to trim. */
const trimmed = (s: string) => (s.length > 0 && (maySpace(s.charCodeAt(0)) || maySpace(s.charCodeAt(s.length - 1))) ? s.trim() : s);
