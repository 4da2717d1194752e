// Deadlines count working days: no weekends, no public holidays, but the weekends worked instead (调休) do count.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, endOfShanghaiDay, isWorkingDay, loadCalendar, shanghaiDay, workingDeadline } from '../src/demand/demand.workdays.js';

const calendar = loadCalendar();
const at = (iso: string) => new Date(iso);

describe('working days', () => {
  it('skips Saturdays and Sundays', () => {
    // Monday 2026-03-09, 10:00 in Beijing: five working days later is the next Monday.
    expect(addWorkingDays(calendar, at('2026-03-09T02:00:00Z'), 5)).toBe('2026-03-16');
    // Friday: the weekend is skipped.
    expect(addWorkingDays(calendar, at('2026-03-13T02:00:00Z'), 1)).toBe('2026-03-16');
    expect(addWorkingDays(calendar, at('2026-03-09T02:00:00Z'), 10)).toBe('2026-03-23');
  });

  it('reads the day in Beijing time, not UTC', () => {
    // 2026-03-13 17:00Z is already Saturday 01:00 in Beijing.
    expect(shanghaiDay(at('2026-03-13T17:00:00Z'))).toBe('2026-03-14');
    expect(addWorkingDays(calendar, at('2026-03-13T17:00:00Z'), 1)).toBe('2026-03-16');
    expect(addWorkingDays(calendar, at('2026-03-13T15:59:00Z'), 1)).toBe('2026-03-16');
  });

  it('skips public holidays and counts the weekend days worked instead', () => {
    expect(isWorkingDay(calendar, '2026-10-01')).toBe(false);
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true); // Saturday worked for National Day
    expect(isWorkingDay(calendar, '2026-02-14')).toBe(true); // Saturday worked for the Spring Festival
    expect(isWorkingDay(calendar, '2026-02-16')).toBe(false);
    // Friday 2026-02-13: the Saturday worked is day 1, then the festival until Monday 23rd, so day 2 is Tuesday 24th.
    expect(addWorkingDays(calendar, at('2026-02-13T02:00:00Z'), 1)).toBe('2026-02-14');
    expect(addWorkingDays(calendar, at('2026-02-13T02:00:00Z'), 2)).toBe('2026-02-24');
    // Wednesday 2026-09-30: 1-7 October off, Thursday 8th, Friday 9th, Saturday 10th (worked), Monday 12th, Tuesday 13th.
    expect(addWorkingDays(calendar, at('2026-09-30T02:00:00Z'), 5)).toBe('2026-10-13');
    // Friday 2026-09-18: Sunday 20th is worked.
    expect(addWorkingDays(calendar, at('2026-09-18T02:00:00Z'), 1)).toBe('2026-09-20');
  });

  it('treats a calendar without holidays as plain weekdays', () => {
    const plain = { holidays: new Set<string>(), workdays: new Set<string>() };
    expect(addWorkingDays(plain, at('2026-09-30T02:00:00Z'), 5)).toBe('2026-10-07');
  });

  it('makes a deadline last to the end of its day in Beijing', () => {
    expect(endOfShanghaiDay('2026-03-16')).toBe('2026-03-16T15:59:59Z');
    expect(workingDeadline(calendar, at('2026-03-09T02:00:00Z'), 5)).toBe('2026-03-16T15:59:59Z');
  });

  it('refuses a broken holiday file with its name', () => {
    expect(() => loadCalendar('/dev/null')).toThrow(/\/dev\/null/);
  });
});
