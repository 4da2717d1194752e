const daysIn = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A real day of the Gregorian calendar (2024-02-29 yes, 2023-02-29 and 2024-13-45 no). */
export const isCalendarDate = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : daysIn[m - 1]!);

const digitAt = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1e4; // poisons any sum built from it
};
/** The two (four) ASCII digits at `i` as a number, or a negative one if any is not a digit. No regex: this runs per cell of an upload. */
export const num2 = (s: string, i: number) => digitAt(s, i) * 10 + digitAt(s, i + 1);
export const num4 = (s: string, i: number) => num2(s, i) * 100 + num2(s, i + 2);

/** `YYYY-MM-DD` naming a real calendar day. */
export function isIsoDay(s: string): boolean {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return false;
  const y = num4(s, 0), m = num2(s, 5), d = num2(s, 8);
  return y >= 0 && m >= 0 && d >= 0 && isCalendarDate(y, m, d);
}

/** An instant in UTC to the second (`2024-05-01T08:30:00Z`): the one form of every timestamp we store and serve. */
export const isoSeconds = (t: Date): string => `${t.toISOString().slice(0, -5)}Z`; // toISOString always ends in `.sssZ`
