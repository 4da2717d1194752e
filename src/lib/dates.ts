const daysIn = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A real day of the Gregorian calendar (2024-02-29 yes, 2023-02-29 and 2024-13-45 no). */
export const isCalendarDate = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : daysIn[m - 1]!);

/** `YYYY-MM-DD` naming a real calendar day. */
export function isIsoDay(s: string): boolean {
  if (s.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return isCalendarDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}
