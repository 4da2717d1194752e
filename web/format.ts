import type { Lang } from './i18n.js';

// Stored timestamps are UTC; people in the city read Beijing time.
const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(iso: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(shanghai.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2024-03-05 14:00` in Asia/Shanghai. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = shanghaiParts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : iso;
}

/** `2024-03-05`, the calendar day in Asia/Shanghai. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = shanghaiParts(iso);
  return p ? `${p.year}-${p.month}-${p.day}` : iso;
}

export const formatNumber = (n: number, lang: Lang) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> `1.5 KB` (binary multiples, one decimal below 10). */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
