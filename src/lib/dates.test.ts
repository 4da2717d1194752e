import { describe, expect, it } from 'vitest';
import { isIsoDay, isoSeconds } from './dates.js';

describe('isIsoDay', () => {
  it.each(['2024-02-29', '2026-12-31', '0001-01-01'])('%s is a real day', (s) => expect(isIsoDay(s)).toBe(true));
  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '2024-1-05', '2024/01/05', '2024-0a-05', '２０２４-01-05', ' 2024-01-05'])('%s is not', (s) =>
    expect(isIsoDay(s)).toBe(false),
  );
});

describe('isoSeconds', () => {
  it('drops the milliseconds and keeps UTC', () => {
    expect(isoSeconds(new Date('2024-05-01T08:30:05.987Z'))).toBe('2024-05-01T08:30:05Z');
    expect(isoSeconds(new Date(Date.UTC(2024, 1, 29, 23, 59, 59)))).toBe('2024-02-29T23:59:59Z');
  });
});
