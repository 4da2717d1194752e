import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isoSeconds } from '../lib/dates.js';

/** Public holidays and the weekend days worked instead (调休上班), as `YYYY-MM-DD` calendar days in China. */
export type WorkCalendar = { holidays: Set<string>; workdays: Set<string> };

export const defaultHolidayFile = fileURLToPath(new URL('../../config/holidays.json', import.meta.url));

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-10-01');
const entry = z.object({ date: day, name: z.string() });
const fileSchema = z.object({
  years: z.record(z.string(), z.object({ status: z.string(), source: z.string(), holidays: z.array(entry), workdays: z.array(entry) })),
});

/** Reads the holiday file once at start; a broken file stops the start with the file name and the problem. */
export function loadCalendar(file = defaultHolidayFile): WorkCalendar {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const years = Object.values(parsed.data.years);
  return {
    holidays: new Set(years.flatMap((y) => y.holidays.map((h) => h.date))),
    workdays: new Set(years.flatMap((y) => y.workdays.map((w) => w.date))),
  };
}

const shanghaiOffsetMs = 8 * 3600_000;
const dayMs = 86_400_000;

/** The calendar day in Asia/Shanghai (no daylight saving there, so a fixed +8 h is exact). */
export const shanghaiDay = (t: Date): string => new Date(t.getTime() + shanghaiOffsetMs).toISOString().slice(0, 10);

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);

export function isWorkingDay(calendar: WorkCalendar, d: string): boolean {
  if (calendar.workdays.has(d)) return true;
  if (calendar.holidays.has(d)) return false;
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after the day of `from` (that day itself never counts, however early it was). */
export function addWorkingDays(calendar: WorkCalendar, from: Date, n: number): string {
  let d = shanghaiDay(from);
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (isWorkingDay(calendar, d)) left--;
  }
  return d;
}

/** 23:59:59 of a Shanghai calendar day, as a UTC timestamp: a deadline lasts the whole day. */
export const endOfShanghaiDay = (d: string): string => isoSeconds(new Date(Date.parse(`${d}T23:59:59Z`) - shanghaiOffsetMs));

export const workingDeadline = (calendar: WorkCalendar, from: Date, n: number): string => endOfShanghaiDay(addWorkingDays(calendar, from, n));

export const firstResponseDays = 5;
export const deliveryDays = 10;
