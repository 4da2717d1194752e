import type { FieldSpec } from '../lib/field-spec.js';
import { isIsoDay, isoSeconds } from '../lib/dates.js';

export type SqlValue = string | number;

/** A filter value in the stored representation of its field, or an error message for the 400. */
export type Coerced = { ok: true; value: SqlValue } | { ok: false; message: string };

const ok = (value: SqlValue): Coerced => ({ ok: true, value });
const fail = (message: string): Coerced => ({ ok: false, message });

const dateTimeRe = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Datetimes are stored as `YYYY-MM-DDTHH:MM:SSZ`; a bare date means its midnight UTC, offsets are converted. */
function coerceDateTime(raw: string): Coerced {
  const m = dateTimeRe.exec(raw);
  if (!m || !isIsoDay(m[1]!)) return fail('must be a date-time like 2024-05-01T08:30:00Z (or a date 2024-05-01)');
  const [, day, h = '00', mi = '00', s = '00', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const t = new Date(`${day}T${h}:${mi}:${s}${offset}`);
  if (Number.isNaN(t.getTime())) return fail('must be a date-time like 2024-05-01T08:30:00Z');
  return ok(isoSeconds(t));
}

const coercers: Record<FieldSpec['type'], (raw: string) => Coerced> = {
  string: (raw) => ok(raw),
  integer: (raw) => {
    if (!/^[+-]?\d{1,16}$/.test(raw.trim())) return fail('must be a whole number');
    const n = Number(raw);
    return Number.isSafeInteger(n) ? ok(n) : fail('must be a whole number within ±9007199254740991');
  },
  number: (raw) => {
    const n = raw.trim() === '' ? NaN : Number(raw);
    return Number.isFinite(n) ? ok(n) : fail('must be a number');
  },
  boolean: (raw) => {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === '1') return ok(1);
    if (v === 'false' || v === '0') return ok(0);
    return fail('must be true or false');
  },
  date: (raw) => (isIsoDay(raw.trim()) ? ok(raw.trim()) : fail('must be a date like 2024-05-01')),
  datetime: (raw) => coerceDateTime(raw.trim()),
};

export const coerceValue = (field: FieldSpec, raw: string): Coerced => coercers[field.type](raw);

/** `contains`/`startswith` take any text, also for dates (`startswith=2024-05` is a month). */
export const coerceText = (raw: string): Coerced => ok(raw);

export function coerceFlag(raw: string): Coerced {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === '') return ok(1);
  if (v === 'false' || v === '0') return ok(0);
  return fail('isnull takes true or false');
}
