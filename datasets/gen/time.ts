/** Calendar arithmetic on epoch days (UTC), without Date objects in hot loops. */

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** Epoch day -> [year, month 1-12, day 1-31] (Howard Hinnant's civil_from_days). */
export function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** 'YYYY-MM-DD' (or a longer timestamp starting with it) -> epoch day (days_from_civil, no Date parsing). */
export function dayOf(ymd: string): number {
  const y0 = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(5, 7));
  const d = Number(ymd.slice(8, 10));
  if (ymd[4] !== '-' || ymd[7] !== '-' || !(m >= 1 && m <= 12 && d >= 1 && d <= 31) || !Number.isInteger(y0)) {
    throw new Error(`bad date ${ymd}`);
  }
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function formatDay(days: number): string {
  const [y, m, d] = civil(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function formatDateTime(days: number, secondOfDay: number): string {
  const h = Math.floor(secondOfDay / 3600);
  const mi = Math.floor((secondOfDay % 3600) / 60);
  return `${formatDay(days)}T${pad2(h)}:${pad2(mi)}:${pad2(secondOfDay % 60)}Z`;
}

/** Month index (year * 12 + month - 1) -> 'YYYY-MM'. */
export function formatMonth(index: number): string {
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

export function monthIndex(ym: string): number {
  return Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
}

/** Fractional year of a period value: 2024, '2024Q3', '2024-07', '2024-07-15' or a datetime. */
export function yearFraction(period: string | number): number {
  if (typeof period === 'number') return period + 0.5;
  const q = /^(\d{4})Q([1-4])$/.exec(period);
  if (q) return Number(q[1]) + (Number(q[2]) - 0.5) / 4;
  const y = Number(period.slice(0, 4));
  if (period.length === 7) return y + (Number(period.slice(5, 7)) - 0.5) / 12;
  const [, m, d] = civil(dayOf(period));
  return y + (m - 1) / 12 + (d - 0.5) / 365;
}
