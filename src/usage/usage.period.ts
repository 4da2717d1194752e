import { ApiError } from '../lib/errors.js';
import { isIsoDay } from '../lib/dates.js';

/** A range of whole UTC days, both ends included, with the matching half-open timestamp bounds. */
export type DayRange = { from: string; to: string; start: string; end: string };

export type Period = DayRange & { label: string; kind: 'year' | 'month'; asOf: string };

const dayMs = 86_400_000;
// The city is in UTC+8: a date is "in the future" only once it has not begun there either.
const cityOffsetMs = 8 * 3600_000;

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs));
export const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const cityToday = (now: Date) => utcDay(new Date(now.getTime() + cityOffsetMs));

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_parameter', `Invalid query parameter '${field}': ${message}`, { errors: [{ field, message }] });
}

/**
 * No use is recorded before this year, and statistics ranges and periods may not begin earlier: it keeps
 * every day a four-digit year (JavaScript dates and SQLite's text days both misbehave below 1000) and
 * month series to at most a few hundred points.
 */
export const firstUsageYear = 2000;

/** `YYYY-MM-DD`, a real calendar day, from 2000-01-01 up to today. */
export function parseDay(value: string, field: string, now: Date): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid(field, `'${value.slice(0, 40)}' is not a date in the form YYYY-MM-DD`);
  if (!isIsoDay(value)) throw invalid(field, `'${value}' is not a calendar date`);
  if (Number(value.slice(0, 4)) < firstUsageYear) throw invalid(field, `${value} is before the portal's records begin (${firstUsageYear}-01-01)`);
  if (value > cityToday(now)) throw invalid(field, `${value} is in the future`);
  return value;
}

export function toRange(from: string, to: string): DayRange {
  return { from, to, start: dayStart(from), end: dayStart(addDays(to, 1)) };
}

/**
 * `from`/`to` query values to a day range; `to` defaults to today, `from` to `defaultDays` before it
 * (or to the first recorded day when null). 400 names the parameter at fault.
 */
export function parseRange(query: { from?: string; to?: string }, now: Date, defaultFrom: (to: string) => string): DayRange {
  const to = query.to === undefined ? utcDay(now) : parseDay(query.to, 'to', now);
  const from = query.from === undefined ? defaultFrom(to) : parseDay(query.from, 'from', now);
  if (from > to) throw new ApiError(400, 'invalid_parameter', `Invalid query parameter 'from': ${from} is after to=${to}`, { errors: [{ field: 'from', message: `after to (${to})` }, { field: 'to', message: `before from (${from})` }] });
  return toRange(from, to);
}

const lastDayOfMonth = (year: number, month: number) => utcDay(new Date(Date.UTC(year, month, 0)));

/** `YYYY` or `YYYY-MM` (assessment and report periods); a period that has not begun is refused. */
export function parsePeriod(value: string | undefined, field: string, now: Date): Period {
  if (value === undefined) throw invalid(field, 'required: a year (2026) or a month (2026-03)');
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(value);
  if (!m) throw invalid(field, `'${value.slice(0, 40)}' is not a year (YYYY) or a month (YYYY-MM)`);
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  if (year < firstUsageYear) throw invalid(field, `${value} is before the portal's records begin (${firstUsageYear})`);
  if (month !== null && (month < 1 || month > 12)) throw invalid(field, `'${value}' has no month ${m[2]}`);
  const from = month === null ? `${year}-01-01` : `${m[1]}-${m[2]}-01`;
  const to = month === null ? `${year}-12-31` : lastDayOfMonth(year, month);
  if (from > cityToday(now)) throw invalid(field, `${value} is in the future`);
  const range = toRange(from, to);
  return { ...range, label: value, kind: month === null ? 'year' : 'month', asOf: asOfBefore(range.end, now) };
}

/**
 * The instant catalog figures are taken at: the end of the range, or for a range still running the
 * current minute (whole minutes, so a page reloaded within the minute is served from cache).
 */
export function asOfBefore(end: string, now: Date): string {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  return minute < end ? minute : end;
}

/** Every day or month between two days, for dense time series (gaps are zeros, not missing points). */
export function periodsBetween(from: string, to: string, granularity: 'day' | 'month'): string[] {
  const out: string[] = [];
  if (granularity === 'day') {
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
    return out;
  }
  let [y, mo] = from.split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (let key = from.slice(0, 7); key <= last; key = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}`) {
    out.push(key);
    mo += 1;
    if (mo > 12) [y, mo] = [y + 1, 1];
  }
  return out;
}
